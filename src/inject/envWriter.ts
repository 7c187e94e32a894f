/**
 * Writes a snapshot's variables to `process.env`, touching only the variables this middleware owns: on refresh it
 * updates them and removes the ones whose parameter disappeared, and it never overwrites a variable the deployment
 * set unless asked (or unless that variable held a reference this middleware resolves).
 */
import type { Logger } from '../observability/logger.js';

const MAX_NAMES_LOGGED = 10;

export class EnvWriter {
  readonly #owned = new Map<string, string>();
  readonly #env: NodeJS.ProcessEnv;
  readonly #claimable: ReadonlySet<string>;
  readonly #warned = new Set<string>();

  /**
   * @param env - the environment to write (`process.env`).
   * @param claimable - variables this middleware may overwrite although they are set (they hold references).
   */
  constructor(env: NodeJS.ProcessEnv, claimable: ReadonlySet<string>) {
    this.#env = env;
    this.#claimable = claimable;
  }

  /**
   * Applies `next` and returns the names whose value changed (including added and removed ones). No value is ever
   * passed to the logger.
   */
  apply(next: ReadonlyMap<string, string>, overwrite: boolean, logger: Logger): string[] {
    const changed: string[] = [];
    const skipped: string[] = [];
    for (const [name, value] of next) {
      const owned = this.#owned.has(name);
      if (!owned && this.#env[name] !== undefined && !overwrite && !this.#claimable.has(name)) {
        if (!this.#warned.has(name)) skipped.push(name);
        this.#warned.add(name);
        continue;
      }
      if (this.#env[name] !== value) changed.push(name);
      this.#env[name] = value;
      this.#owned.set(name, value);
    }
    for (const name of [...this.#owned.keys()]) {
      if (next.has(name)) continue;
      delete this.#env[name];
      this.#owned.delete(name);
      changed.push(name);
    }
    if (skipped.length > 0) {
      const shown = skipped.slice(0, MAX_NAMES_LOGGED).join(', ');
      const more = skipped.length > MAX_NAMES_LOGGED ? ` and ${skipped.length - MAX_NAMES_LOGGED} more` : '';
      logger.warn(
        `middy-ssm-env: left ${skipped.length} environment variable(s) as the deployment set them (pass overwriteEnv: true to replace): ${shown}${more}`,
      );
    }
    return changed;
  }

  /** The variables this writer owns. */
  get owned(): ReadonlySet<string> {
    return new Set(this.#owned.keys());
  }
}
