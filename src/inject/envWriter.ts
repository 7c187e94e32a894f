/**
 * Writes a snapshot's variables to `process.env`, touching only the variables this middleware owns: on refresh it
 * updates them and removes the ones whose parameter disappeared — restoring the value the deployment had set, when
 * `overwriteEnv` had replaced one — and it never overwrites a variable the deployment set unless asked (or unless
 * that variable held a reference this middleware resolves).
 */
import type { Logger } from '../types.js';

const MAX_NAMES_LOGGED = 10;

/** Reads an own variable only: `constructor` or `__proto__` must not read as set through the prototype. */
const ownValue = (env: NodeJS.ProcessEnv, name: string): string | undefined =>
  Object.hasOwn(env, name) ? env[name] : undefined;

export class EnvWriter {
  /** Variables this writer set, with the value the deployment had set before (undefined when none). */
  readonly #owned = new Map<string, string | undefined>();
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
      const current = ownValue(this.#env, name);
      if (!this.#owned.has(name)) {
        if (current !== undefined && !overwrite && !this.#claimable.has(name)) {
          if (!this.#warned.has(name)) skipped.push(name);
          this.#warned.add(name);
          continue;
        }
        // A reference this middleware resolves is not a value to restore.
        this.#owned.set(name, this.#claimable.has(name) ? undefined : current);
      }
      if (current !== value) changed.push(name);
      this.#write(name, value);
    }
    for (const [name, deployed] of [...this.#owned]) {
      if (next.has(name)) continue;
      if (deployed === undefined) delete this.#env[name];
      else this.#write(name, deployed);
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

  #write(name: string, value: string): void {
    // `__proto__` must become a plain variable, not replace the environment object's prototype.
    if (name === '__proto__') {
      Object.defineProperty(this.#env, name, { value, writable: true, enumerable: true, configurable: true });
    } else {
      this.#env[name] = value;
    }
  }
}
