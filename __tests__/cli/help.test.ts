import { runCli } from '../../src/cli/run.js';
import { recordingIo } from './helpers.js';

describe('middy-ssm-env --help', () => {
  it('lists every command with a one-line description', async () => {
    const io = recordingIo();

    expect(await runCli(['--help'], io)).toBe(0);

    const commandLines = io.out.filter((line) => /^ {2}\w/.test(line));
    expect(commandLines.map((line) => line.trim().split(/\s+/)[0])).toEqual([
      'plan',
      'manifest',
      'policy',
      'from-ecs',
      'export',
      'serve',
    ]);
    for (const line of commandLines) expect(line.trim().split(/\s{2,}/)).toHaveLength(2);
  });

  it.each(['plan', 'manifest', 'policy', 'from-ecs', 'export', 'serve'])(
    '%s --help prints its usage and exits 0',
    async (command) => {
      const io = recordingIo();

      expect(await runCli([command, '--help'], io)).toBe(0);
      expect(io.out[0]).toMatch(new RegExp(`^Usage: middy-ssm-env ${command} `));
      expect(io.err).toEqual([]);
    },
  );

  it.each(['plan', 'manifest', 'policy', 'from-ecs', 'export', 'serve'])(
    '%s exits 2 on an unknown flag',
    async (command) => {
      const io = recordingIo();
      const positional = command === 'serve' ? [] : ['/a/'];

      expect(await runCli([command, ...positional, '--bogus'], io)).toBe(2);
      expect(io.err).toEqual([
        `middy-ssm-env ${command}: Unknown option '--bogus'`,
        `Run 'middy-ssm-env ${command} --help' for usage.`,
      ]);
    },
  );
});
