/**
 * The suite-wide leak guard must be able to fail: it finds a registered secret anywhere in an error's cause chain
 * or failure list.
 */
import { describe, expect, it } from '@jest/globals';
import { ParameterResolutionError } from '../../src/errors.js';
import {
  capturedText,
  captureError,
  findLeaks,
  registerSecret,
  resetCapture,
} from '../helpers/leakRegistry.js';

describe('leak guard', () => {
  it('finds a secret in a nested cause and in a failure list', () => {
    const secret = registerSecret('guard-self-test-secret');
    const nested = new Error('outer', { cause: new Error(`inner ${secret}`) });
    const listed = new ParameterResolutionError([
      { key: 'k', parameter: '/p', reason: 'not-found', detail: secret },
    ]);

    captureError(nested);
    const foundInCause = findLeaks(capturedText.join('\n'));
    resetCapture();
    captureError(listed);
    const foundInFailures = findLeaks(capturedText.join('\n'));
    resetCapture();

    expect(foundInCause).toEqual([secret]);
    expect(foundInFailures).toEqual([secret]);
  });

  it('finds nothing in clean text', () => {
    registerSecret('guard-clean-secret');

    expect(findLeaks('a log line with names only: /myapp/prod/secrets/database-password')).toEqual([]);
  });
});
