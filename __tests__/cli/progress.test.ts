import { createProgress } from '../../src/cli/progress.js';
import { recordingIo } from './helpers.js';

describe('createProgress', () => {
  it('on a terminal, rewrites one status line in place and ends with the summary', () => {
    const io = recordingIo();
    const progress = createProgress(io, true);

    progress.update('page 1');
    progress.update('page 2');
    progress.done('done');

    expect(io.err).toEqual(['page 1', '\u001b[1A\u001b[2Kpage 2', '\u001b[1A\u001b[2Kdone']);
  });

  it('elsewhere (CI, pipes), prints the summary only', () => {
    const io = recordingIo();
    const progress = createProgress(io, false);

    progress.update('page 1');
    progress.done('done');

    expect(io.err).toEqual(['done']);
  });
});
