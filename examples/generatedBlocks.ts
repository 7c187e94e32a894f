/**
 * The Terraform and SAM examples hold blocks the CLI writes — the environment split of `plan`, the policy of
 * `policy` — between marker comments that carry the command:
 *
 *     # middy-ssm-env:begin plan /myapp/prod/ --functions 25 --reserve 40 --format terraform
 *     …what the command prints…
 *     # middy-ssm-env:end plan
 *
 * `regenerate` runs each command (against the field case on the local server) and puts its output between the
 * markers; the examples' tests fail when the files differ from that, and `npx tsx examples/generatedBlocks.ts`
 * rewrites them. So the examples show what the CLI prints today, not what it printed once.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startLocalSsm } from 'middy-ssm-env/testing';
import { planCommand } from '../src/cli/commands/plan.js';
import { policyCommand } from '../src/cli/commands/policy.js';
import { fieldCaseSeed } from './fieldCase.js';

const BEGIN = /^(?<indent>\s*)# middy-ssm-env:begin (?<command>plan|policy) (?<args>.+)$/;
const END = /^\s*# middy-ssm-env:end (plan|policy)$/;

export type CliCommandName = 'plan' | 'policy';

/** Runs a CLI command in-process, as `npx middy-ssm-env <command> <args>` would; `plan` reads `endpoint`. */
export const runCli = async (command: CliCommandName, args: readonly string[], endpoint: string) => {
  const out: string[] = [];
  const err: string[] = [];
  const io = { stdout: (line: string) => out.push(line), stderr: (line: string) => err.push(line) };
  const code =
    command === 'plan'
      ? await planCommand([...args, '--endpoint', endpoint], io)
      : await policyCommand([...args], io);
  if (code !== 0)
    throw new Error(`middy-ssm-env ${command} ${args.join(' ')} exited ${code}: ${err.join('\n')}`);
  return out;
};

/**
 * The lines of a command's output that go between the markers: a plan's header comments and variables (without the
 * `environment {` / `Environment:` wrapper, so the block sits inside a map that also holds variables set by hand);
 * a policy as it is printed.
 */
const blockLines = (
  command: CliCommandName,
  args: readonly string[],
  output: readonly string[],
): string[] => {
  if (command === 'policy') {
    if (!args.includes('json')) return [...output];
    // JSON is YAML: the document becomes one item of SAM's `Policies` list, in flow style.
    const [first, ...rest] = output.join('\n').split('\n');
    return [`- ${first}`, ...rest.map((line) => `  ${line}`)];
  }
  return output
    .filter((line) => line.startsWith('#') || line.startsWith('    '))
    .map((line) => line.replace(/^ {4}/, ''));
};

/** Splits a command line at spaces (the examples' commands quote nothing). */
const argsOf = (text: string): string[] => text.trim().split(/\s+/);

/** The text with every marked block replaced by what its command prints now. */
export const regenerate = async (text: string, endpoint: string): Promise<string> => {
  const lines = text.split('\n');
  const result: string[] = [];
  for (let index = 0; index < lines.length; index++) {
    const line = lines[index] as string;
    result.push(line);
    const begin = BEGIN.exec(line)?.groups;
    if (!begin) continue;
    const end = lines.findIndex((candidate, at) => at > index && END.test(candidate));
    if (end < 0) throw new Error(`no end marker for: ${line.trim()}`);
    const command = begin.command as CliCommandName;
    const args = argsOf(begin.args ?? '');
    const output = await runCli(command, args, endpoint);
    result.push(
      ...blockLines(command, args, output).map((generated) => `${begin.indent}${generated}`.trimEnd()),
    );
    result.push(lines[end] as string);
    index = end;
  }
  return result.join('\n');
};

/** The commands marked in a text, for tests that check what they grant or split. */
export const markedCommands = (text: string): Array<{ command: CliCommandName; args: string[] }> =>
  text.split('\n').flatMap((line) => {
    const begin = BEGIN.exec(line)?.groups;
    return begin ? [{ command: begin.command as CliCommandName, args: argsOf(begin.args ?? '') }] : [];
  });

const here = dirname(fileURLToPath(import.meta.url));

/** Files holding generated blocks. */
export const FILES_WITH_BLOCKS = ['terraform/main.tf', 'sam/template.yaml'].map((file) => join(here, file));

/** The field case's manifest for the split: the names `plan --format json` lists as "manifestNames". */
export const MANIFEST_FILE = join(here, 'field-case-function/manifest.json');

/**
 * The manifest that goes with a marked plan: the same split, as `plan --format json` lists it. `--format` is
 * dropped from the marked command.
 */
export const manifestFor = async (planArgs: readonly string[], endpoint: string): Promise<string> => {
  const args = planArgs.filter((arg, index) => arg !== '--format' && planArgs[index - 1] !== '--format');
  const plan = JSON.parse((await runCli('plan', [...args, '--json'], endpoint)).join('\n')) as {
    manifestNames: string[];
  };
  return `${JSON.stringify(plan.manifestNames, null, 2)}\n`;
};

/** The plan command marked in the Terraform example: the split both examples deploy. */
export const terraformPlanArgs = async (): Promise<string[]> => {
  const marked = markedCommands(await readFile(FILES_WITH_BLOCKS[0] as string, 'utf8'));
  const plan = marked.find((entry) => entry.command === 'plan');
  if (!plan) throw new Error('the Terraform example marks no plan');
  return plan.args;
};

/** Rewrites the blocks and the manifest from the CLI's current output. */
const main = async (): Promise<void> => {
  // The local server takes any static credentials; the SDK must not look for real ones.
  process.env.AWS_ACCESS_KEY_ID ??= 'AKIDEXAMPLES';
  process.env.AWS_SECRET_ACCESS_KEY ??= 'examples-secret-key';
  process.env.AWS_REGION ??= 'us-east-1';
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
  const server = await startLocalSsm({ seed: fieldCaseSeed() });
  try {
    for (const file of FILES_WITH_BLOCKS) {
      await writeFile(file, await regenerate(await readFile(file, 'utf8'), server.endpoint));
      console.log(`regenerated ${file}`);
    }
    await writeFile(MANIFEST_FILE, await manifestFor(await terraformPlanArgs(), server.endpoint));
    console.log(`regenerated ${MANIFEST_FILE}`);
  } finally {
    await server.close();
  }
};

if (process.argv[1] === fileURLToPath(import.meta.url)) await main();
