/**
 * A virtual-time model of the stampede, for exploring pacer rules in seconds instead of minutes: N simulated
 * processes, each with its own real `Pacer` and a copy of the retry loop's decisions (full-jitter backoff, base 500 ms
 * after a throttle, 2 s cap), against one token bucket with 20–60 ms latency checked on arrival, as the local server
 * does. No CPU contention, no SDK: a tuning aid, not a benchmark — every variant it suggests is then measured in the
 * real fleet (`npm run bench`), whose figures are the ones reported.
 */

import type { Clock } from '../../src/core/clock.js';
import { type FleetHint, Pacer, type PacerOptions } from '../../src/retry/pacer.js';
import { seededRandom } from '../../src/server/random.js';

interface Timer {
  readonly at: number;
  readonly seq: number;
  readonly fire: () => void;
}

/** One shared virtual time; `sleep` schedules, `run` fires timers in order. */
class VirtualTime {
  now = 0;
  #timers: Timer[] = [];
  #seq = 0;

  schedule(ms: number, fire: () => void): Timer {
    const timer = { at: this.now + Math.max(0, ms), seq: this.#seq++, fire };
    this.#timers.push(timer);
    return timer;
  }

  cancel(timer: Timer): void {
    const index = this.#timers.indexOf(timer);
    if (index >= 0) this.#timers.splice(index, 1);
  }

  async run(until: number): Promise<void> {
    await settle();
    while (this.#timers.length > 0) {
      let best = 0;
      for (let index = 1; index < this.#timers.length; index++) {
        const a = this.#timers[index] as Timer;
        const b = this.#timers[best] as Timer;
        if (a.at < b.at || (a.at === b.at && a.seq < b.seq)) best = index;
      }
      const [timer] = this.#timers.splice(best, 1) as [Timer];
      if (timer.at > until) break;
      this.now = timer.at;
      timer.fire();
      await settle();
    }
  }
}

const settle = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

const processClock = (time: VirtualTime, random: () => number): Clock => ({
  now: () => time.now,
  random,
  sleep: (ms, signal) =>
    new Promise((resolve, reject) => {
      if (signal?.aborted) {
        reject(signal.reason);
        return;
      }
      const onAbort = () => {
        time.cancel(timer);
        reject(signal?.reason);
      };
      const timer = time.schedule(ms, () => {
        signal?.removeEventListener('abort', onAbort);
        resolve();
      });
      signal?.addEventListener('abort', onAbort, { once: true });
    }),
});

export interface SimScenario {
  readonly name: string;
  readonly functions: number;
  /** Calls per function: sequential pages (`path`) or parallel batches (`names`). */
  readonly calls: number;
  readonly kind: 'path' | 'names';
  readonly rate: number;
  readonly burst: number;
}

export interface SimVariant {
  readonly name: string;
  readonly pacer?: Partial<PacerOptions>;
  /** Fleet size the hint claims, as a multiple of the real size (undefined: no size). */
  readonly hint?: number;
  /** Without a size: give the pacer the quota anyway, so it estimates the size (false: the fleet-blind rule). */
  readonly quota?: boolean;
}

export interface SimResult {
  readonly makespanOverBound: number;
  readonly throttledPerOk: number;
  readonly okCalls: number;
  readonly pastInitLimit: number;
  readonly failed: number;
}

const DEADLINE_MS = 29_000;
const SKEW_MS_PER_FUNCTION = Number(process.env.SIM_SKEW_MS ?? 0);

export const simulate = async (
  scenario: SimScenario,
  variant: SimVariant,
  seed: number,
): Promise<SimResult> => {
  const time = new VirtualTime();
  const serverRandom = seededRandom(seed);
  let tokens = scenario.burst;
  let refilledAt = 0;
  let ok = 0;
  let throttled = 0;
  const perSecond: { ok: number; throttled: number }[] = [];
  const bucketOf = () => {
    const second = Math.floor(time.now / 1000);
    while (perSecond.length <= second) perSecond.push({ ok: 0, throttled: 0 });
    return perSecond[second] as { ok: number; throttled: number };
  };
  const take = (): boolean => {
    tokens = Math.min(scenario.burst, tokens + ((time.now - refilledAt) * scenario.rate) / 1000);
    refilledAt = time.now;
    if (tokens < 1) {
      bucketOf().throttled += 1;
      return false;
    }
    tokens -= 1;
    bucketOf().ok += 1;
    return true;
  };
  const hint: FleetHint | undefined =
    variant.hint === undefined
      ? variant.quota
        ? { rate: scenario.rate, burst: scenario.burst }
        : undefined
      : {
          size: Math.max(1, Math.round(scenario.functions * variant.hint)),
          rate: scenario.rate,
          burst: scenario.burst,
        };

  const finishes: number[] = [];
  const logs: {
    okBefore: number;
    firstThrottle: number;
    throttles: number;
    index: number;
    finish?: number;
  }[] = [];
  let failed = 0;
  const coldStart = async (index: number): Promise<void> => {
    const random = seededRandom(seed * 1000 + index + 1);
    const clock = processClock(time, random);
    const pacer = new Pacer(clock, variant.pacer ?? {}, hint);
    // Processes do not all start in the same millisecond: a 2-core machine starting 100 of them spreads their first
    // calls over about a second (SIM_SKEW_MS per function, 0 = within 20 ms).
    await clock.sleep(random() * Math.max(20, SKEW_MS_PER_FUNCTION * scenario.functions));
    const deadline = DEADLINE_MS;
    const log = { okBefore: 0, firstThrottle: -1, throttles: 0, index };
    logs.push(log);
    const call = async (): Promise<void> => {
      for (let retry = 1; ; retry++) {
        if (clock.now() >= deadline) throw new Error('deadline');
        if ((await pacer.acquire({ deadline })) === 'past-deadline') throw new Error('deadline');
        await clock.sleep(20 + serverRandom() * 40);
        if (take()) {
          if (log.firstThrottle < 0) log.okBefore += 1;
          ok += 1;
          pacer.onSuccess();
          return;
        }
        throttled += 1;
        log.throttles += 1;
        if (log.firstThrottle < 0) log.firstThrottle = clock.now();
        pacer.onThrottle();
        const delay = random() * Math.min(2000, 500 * 2 ** (retry - 1));
        if (clock.now() + delay >= deadline) throw new Error('deadline');
        await clock.sleep(delay);
      }
    };
    try {
      if (scenario.kind === 'path') for (let page = 0; page < scenario.calls; page++) await call();
      else await Promise.all(Array.from({ length: scenario.calls }, call));
      finishes.push(clock.now());
      (log as { finish?: number }).finish = clock.now();
    } catch {
      failed += 1;
    }
  };
  const all = Promise.all(Array.from({ length: scenario.functions }, (_, index) => coldStart(index)));
  await time.run(DEADLINE_MS + 1000);
  await all;
  if (process.env.SIM_TRACE) {
    console.log(perSecond.map((s, i) => `${i}s ${s.ok}/${s.throttled}`).join('  '));
    if (process.env.SIM_TRACE === '2')
      for (const log of [...logs].sort((a, b) => (a.finish ?? 0) - (b.finish ?? 0)))
        console.log(
          `  #${log.index} ok before ${log.okBefore}, first throttle ${log.firstThrottle.toFixed(0)} ms, ${log.throttles} throttles, done ${((log.finish ?? 0) / 1000).toFixed(2)} s`,
        );
    console.log(
      'finishes',
      finishes
        .sort((a, b) => a - b)
        .map((f) => (f / 1000).toFixed(1))
        .join(' '),
    );
  }
  const minimum = scenario.functions * scenario.calls;
  const bound = ((minimum - scenario.burst) / scenario.rate) * 1000;
  return {
    makespanOverBound: Math.max(...finishes) / bound,
    throttledPerOk: throttled / ok,
    okCalls: ok,
    pastInitLimit: finishes.filter((at) => at > 10_000).length,
    failed,
  };
};

export const SIM_SCENARIOS: readonly SimScenario[] = [
  { name: 'field', functions: 25, calls: 13, kind: 'path', rate: 40, burst: 40 },
  { name: 'big', functions: 100, calls: 4, kind: 'names', rate: 40, burst: 40 },
  { name: 'secrets', functions: 25, calls: 4, kind: 'names', rate: 40, burst: 40 },
  { name: 'field50', functions: 50, calls: 13, kind: 'path', rate: 40, burst: 40 },
];

const mean = (values: readonly number[]): number => values.reduce((a, b) => a + b, 0) / values.length;

/** `tsx bench/sim/fleetSim.ts [seeds] [variantsModule]`: every variant × scenario, averaged over seeds. */
const main = async (): Promise<void> => {
  const seeds = Number(process.argv[2] ?? 4);
  const { VARIANTS } = (await import(process.argv[3] ?? './variants.js')) as {
    VARIANTS: readonly SimVariant[];
  };
  const only = process.env.SIM_SCENARIOS?.split(',');
  for (const scenario of SIM_SCENARIOS.filter((s) => !only || only.includes(s.name))) {
    for (const variant of VARIANTS) {
      const results: SimResult[] = [];
      for (let seed = 1; seed <= seeds; seed++) results.push(await simulate(scenario, variant, seed));
      const worst = Math.max(...results.map((r) => r.makespanOverBound));
      console.log(
        [
          scenario.name.padEnd(8),
          variant.name.padEnd(28),
          `mk ${mean(results.map((r) => r.makespanOverBound)).toFixed(2)} (worst ${worst.toFixed(2)})`,
          `thr/ok ${mean(results.map((r) => r.throttledPerOk)).toFixed(2)}`,
          `ok ${mean(results.map((r) => r.okCalls)).toFixed(0)}`,
          `>10s ${mean(results.map((r) => r.pastInitLimit)).toFixed(1)}`,
          `failed ${mean(results.map((r) => r.failed)).toFixed(1)}`,
        ].join('  '),
      );
    }
  }
};

if (process.argv[1] && import.meta.url.endsWith(process.argv[1].split('/').pop() ?? '')) {
  main().catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
}
