/**
 * The pacer's mechanisms, each on the fake clock: the fleet hint (fair share after the first throttle, start limit,
 * recovery from a wrong hint), the fleet-blind rule kept without a size, the deadline and abort in `acquire`, and a
 * throttle in the retry path spacing the requests that follow.
 */
import { ThrottlingException } from '@aws-sdk/client-ssm';
import { Deadline } from '../../src/core/deadline.js';
import { Pacer } from '../../src/retry/pacer.js';
import { defaultRetryOptions, newCallStats, withRetry } from '../../src/retry/withRetry.js';
import { FakeClock } from '../helpers/fakeClock.js';
import { flush, ManualClock } from '../helpers/manualClock.js';

const FIELD = { size: 25, rate: 40 }; // fair share: one call every 625 ms
/**
 * Pace at exactly the share (the default runs 3 % faster, and a process with parallel calls may run faster to finish
 * with the fleet), so the figures below are round.
 */
const EXACT = { shareFactor: 1, fleetFinishTogether: 0 };

describe('with a fleet hint', () => {
  it('after the first throttle spaces its calls at its fair share, from a random phase', async () => {
    const clock = new FakeClock(0, [0.5]);
    const pacer = new Pacer(clock, { ...EXACT, fleetRecoveryHalfLife: 0 }, FIELD);
    await pacer.acquire();
    pacer.onThrottle();
    expect(pacer.gap).toBe(625);
    for (let i = 0; i < 3; i++) await pacer.acquire();
    // Phase: random 0.5 of the gap; then the gap itself (jitter ± 10 %, centred at random 0.5).
    expect(clock.sleeps).toEqual([312.5, 625, 625]);
  });

  it('a process that got more than its share of the burst waits off the surplus (up to 2 gaps) first', async () => {
    const clock = new FakeClock(0, [0.5]);
    const pacer = new Pacer(clock, { ...EXACT, fleetRecoveryHalfLife: 0 }, FIELD); // burst share 1.6
    for (let i = 0; i < 3; i++) {
      await pacer.acquire();
      pacer.onSuccess();
    }
    await pacer.acquire();
    pacer.onThrottle(); // 3 got through: 1.4 more than its share
    await pacer.acquire();
    expect(clock.sleeps).toEqual([625 * (0.5 + 1.4)]);
  });

  it('never waits more than a quarter of the time left to the caller’s deadline (a size far too big)', async () => {
    const clock = new FakeClock(0);
    const pacer = new Pacer(clock, EXACT, { size: 400, rate: 40 }); // a 10 s gap
    await pacer.acquire();
    pacer.onThrottle();
    expect(await pacer.acquire({ deadline: 8000 })).toBe('ready');
    // A quarter of the 8 s left, jittered by 0.5–1 (random 0.5 → 0.75).
    expect(clock.sleeps).toEqual([1500]);
  });

  it('moves to its share from its first throttle, where a fleet-blind process starts at 400 ms', () => {
    const hinted = new Pacer(new FakeClock(0), EXACT, { size: 100, rate: 40 });
    const blind = new Pacer(new FakeClock(0));
    hinted.onThrottle();
    blind.onThrottle();
    expect(hinted.gap).toBe(2500);
    expect(blind.gap).toBe(400);
  });

  it('starts at most its share of the burst before the first answer, then doubles per answer', async () => {
    const clock = new ManualClock(0);
    const pacer = new Pacer(clock, {}, { size: 100, rate: 40 }); // burst share 0.4: one call at a time
    const started: string[] = [];
    const call = (name: string) => pacer.acquire().then(() => started.push(name));
    call('a');
    call('b');
    call('c');
    await flush();
    expect(started).toEqual(['a']);
    pacer.onSuccess();
    await flush();
    expect(started).toEqual(['a', 'b']);
    pacer.onSuccess();
    await flush();
    expect(started).toEqual(['a', 'b', 'c']);
  });

  it('lifts the start limit at the first throttle (pacing takes over)', async () => {
    const clock = new ManualClock(0);
    const pacer = new Pacer(clock, { ...EXACT, fleetRecoveryHalfLife: 0 }, { size: 100, rate: 40 });
    const started: number[] = [];
    pacer.acquire().then(() => started.push(clock.now()));
    const second = pacer.acquire().then(() => started.push(clock.now()));
    await flush();
    pacer.onThrottle();
    await clock.advance(1250);
    await second;
    expect(started).toEqual([0, 1250]); // the phase: 0.5 × the 2.5 s gap
  });

  it('with parallel calls, spaces the ones left to finish by the fleet’s expected end when the share would not', async () => {
    const clock = new ManualClock(0);
    const fleet = { size: 100, rate: 40 }; // 100 × 4 calls, 40 in the burst: the fleet is done 9 s after the start
    const pacer = new Pacer(clock, { shareFactor: 1, fleetFinishTogether: 1 }, fleet);
    const started: number[] = [];
    const calls = Array.from({ length: 4 }, () => pacer.acquire().then(() => started.push(clock.now())));
    await flush();
    pacer.onThrottle(); // at 0, all 4 still to go: 2.25 s apart, not the share's 2.5 s
    await clock.advance(1125); // the phase: 0.5 × 2.25 s
    expect(started).toEqual([0, 1125]);
    pacer.onSuccess();
    await clock.advance(2500); // 3 left (c, d, a's retry) in the 7.875 s left: the share is sooner
    expect(started).toEqual([0, 1125, 3625]);
    pacer.onSuccess();
    await clock.advance(2500);
    pacer.onSuccess();
    await Promise.race(calls);
    expect(started).toEqual([0, 1125, 3625, 6125]);
  });

  it('stops finishing together once throttled while paced: the fleet is bigger than the hint', async () => {
    const clock = new ManualClock(0);
    const pacer = new Pacer(clock, { shareFactor: 1, fleetFinishTogether: 1 }, { size: 100, rate: 40 });
    const started: number[] = [];
    const acquire = () => pacer.acquire().then(() => started.push(clock.now()));
    for (let call = 0; call < 6; call++) acquire();
    await flush();
    pacer.onThrottle(); // the first throttle: paced from here, finishing with the fleet
    acquire();
    for (let step = 0; step < 29; step++) await clock.advance(125); // to 3,625 ms
    expect(started).toHaveLength(2);
    pacer.onThrottle(); // a throttle while paced: the gap widens by 25 % and the fleet's expected end is void
    acquire();
    for (let step = 0; step < 40; step++) await clock.advance(125);

    const gap = (started[3] ?? Number.NaN) - (started[2] ?? Number.NaN);
    // Finishing together would squeeze it to 2,067 ms; instead the widened gap (3,125 ms, narrowing back to the
    // 2,500 ms share with a 3 s half-life) holds.
    expect(gap).toBeGreaterThan(2500);
    expect(gap).toBeLessThanOrEqual(3125);
  });

  it('past the fleet’s expected end, a late process retries its last call within a quarter of the share', async () => {
    const clock = new ManualClock(0);
    const pacer = new Pacer(clock, { shareFactor: 1, fleetFinishTogether: 1 }, { size: 4, rate: 40 });
    // Two parallel calls: the fleet of 4 is done by (8 − 40) ÷ 40 → at once; the share is 100 ms.
    const started: number[] = [];
    pacer.acquire().then(() => started.push(clock.now()));
    pacer.acquire().then(() => started.push(clock.now()));
    await flush();
    pacer.onThrottle();
    pacer.onThrottle();
    pacer.acquire().then(() => started.push(clock.now()));
    await clock.advance(25);
    expect(started).toEqual([0, 0, 12.5]);
  });

  it('trusts the hint by default: without throttles the gap stays at the share', () => {
    const clock = new FakeClock(0);
    const pacer = new Pacer(clock, EXACT, FIELD);
    pacer.onThrottle();
    clock.advance(60_000);
    expect(pacer.gap).toBe(625);
  });

  it('with a recovery half-life, a hint twice too big is outgrown: the gap halves every half-life', () => {
    const clock = new FakeClock(0);
    const pacer = new Pacer(clock, { ...EXACT, fleetRecoveryHalfLife: 5000 }, { size: 50, rate: 40 }); // real: 25
    pacer.onThrottle();
    expect(pacer.gap).toBe(1250);
    clock.advance(5000);
    expect(pacer.gap).toBeCloseTo(625);
  });

  it('a hint too small widens with throttles, once per gap, up to 4 × the share', () => {
    const clock = new FakeClock(0);
    const options = { ...EXACT, fleetRecoveryHalfLife: 0, fleetCatchUpHalfLife: 0 };
    const pacer = new Pacer(clock, options, { size: 12, rate: 40 });
    pacer.onThrottle();
    expect(pacer.gap).toBe(300);
    clock.advance(100);
    pacer.onThrottle(); // within the gap: the same crowded instant
    expect(pacer.gap).toBe(300);
    clock.advance(200);
    pacer.onThrottle();
    expect(pacer.gap).toBe(375);
    for (let i = 0; i < 20; i++) {
      clock.advance(pacer.gap);
      pacer.onThrottle();
    }
    expect(pacer.gap).toBe(1200);
  });

  it('a gap widened past the share comes back to it (3 s half-life), then stays', () => {
    const clock = new FakeClock(0);
    const pacer = new Pacer(clock, { ...EXACT, fleetRecoveryHalfLife: 0 }, { size: 12, rate: 40 });
    pacer.onThrottle();
    clock.advance(300);
    pacer.onThrottle(); // 375
    clock.advance(400);
    pacer.onThrottle(); // 375 · 2^(−400/3000) · 1.25 ≈ 427
    expect(pacer.gap).toBeCloseTo(427.1, 0);
    clock.advance(3000);
    expect(pacer.gap).toBe(300);
    clock.advance(60_000);
    expect(pacer.gap).toBe(300);
  });
});

describe('without a size (what the middleware passes by default: only the quota)', () => {
  it('keeps the fleet-blind rule and never limits how many calls start at once', async () => {
    const clock = new FakeClock(0);
    const withQuota = new Pacer(clock, {}, { rate: 40 });
    const blind = new Pacer(clock);
    for (let i = 0; i < 4; i++) await Promise.all([withQuota.acquire(), blind.acquire()]);
    expect(clock.sleeps).toEqual([]);
    for (const pacer of [withQuota, blind]) pacer.onThrottle();
    expect(withQuota.gap).toBe(blind.gap);
    clock.advance(400);
    for (const pacer of [withQuota, blind]) pacer.onThrottle();
    expect(withQuota.gap).toBe(blind.gap);
    expect(withQuota.shareGap).toBeUndefined();
  });

  it('can estimate a size from the calls that got through before the first throttle (opt-in)', () => {
    const pacer = new Pacer(new FakeClock(0), { estimateSize: true }, { rate: 40 });
    pacer.onSuccess();
    pacer.onSuccess();
    pacer.onThrottle(); // 2 of the burst of 40: about 20 processes
    expect(pacer.shareGap).toBe(500);
  });
});

describe('acquire and the caller’s deadline', () => {
  it('does not wait for a turn past the deadline, and reserves nothing', async () => {
    const clock = new FakeClock(0);
    const pacer = new Pacer(clock, { recoveryHalfLife: 0 });
    await pacer.acquire();
    pacer.onThrottle();
    await pacer.acquire(); // next turn at +400
    expect(await pacer.acquire({ deadline: 100 })).toBe('past-deadline');
    expect(clock.sleeps).toEqual([]);
    expect(await pacer.acquire({ deadline: 400 })).toBe('ready');
    expect(clock.sleeps).toEqual([400]); // not pushed back to 800 by the refused caller
  });

  it('under the fleet rule no caller is made to wait past its deadline, however long the queue', async () => {
    const clock = new FakeClock(0);
    const pacer = new Pacer(clock, EXACT, { size: 400, rate: 40 }); // a 10 s gap
    await pacer.acquire();
    pacer.onThrottle();
    const results = await Promise.all(Array.from({ length: 5 }, () => pacer.acquire({ deadline: 8000 })));
    expect(results).toEqual(['ready', 'ready', 'ready', 'ready', 'ready']);
    expect(clock.now()).toBeLessThan(8000);
  });

  it('a caller queued behind others whose turn lands past its deadline is told at once', async () => {
    const clock = new ManualClock(0);
    const pacer = new Pacer(clock, { recoveryHalfLife: 0 });
    await pacer.acquire();
    pacer.onThrottle();
    await pacer.acquire(); // next turn at 400
    const head = pacer.acquire(); // takes the turn at 400
    const late = pacer.acquire({ deadline: 500 }); // would start at 800
    const outcome = await Promise.race([late, flush().then(() => 'still waiting')]);
    expect(outcome).toBe('past-deadline');
    expect(clock.now()).toBe(0);
    await clock.advance(400);
    expect(await head).toBe('ready');
  });

  it('a queued caller whose turn moves past its deadline gives up when its turn comes', async () => {
    const clock = new ManualClock(0);
    const pacer = new Pacer(clock, { recoveryHalfLife: 0 });
    await pacer.acquire();
    pacer.onThrottle(); // gap 400
    await pacer.acquire(); // next turn at 400
    const first = pacer.acquire();
    const second = pacer.acquire({ deadline: 900 }); // expected at 800
    await flush();
    clock.time = 400; // no timer fired yet: the throttle comes first
    pacer.onThrottle(); // widens to 800: the second turn would now start at 1200
    await clock.advance(0);
    expect(await first).toBe('ready');
    expect(await second).toBe('past-deadline');
    expect(clock.now()).toBe(400);
  });
});

describe('acquire and abort', () => {
  it('an aborted caller gives its turn back: the one behind takes it', async () => {
    const clock = new ManualClock(0);
    const pacer = new Pacer(clock, { recoveryHalfLife: 0 });
    await pacer.acquire();
    pacer.onThrottle();
    await pacer.acquire(); // next turn at 400
    const controller = new AbortController();
    const aborted = pacer.acquire({ signal: controller.signal });
    let secondAt: number | undefined;
    const second = pacer.acquire().then(() => {
      secondAt = clock.now();
    });
    await flush();
    controller.abort(new Error('caller gone'));
    await expect(aborted).rejects.toThrow('caller gone');
    await clock.advance(400);
    await second;
    expect(secondAt).toBe(400);
    expect(clock.pending).toBe(0);
  });

  it('an already aborted signal rejects at once', async () => {
    const pacer = new Pacer(new FakeClock(0));
    await expect(pacer.acquire({ signal: AbortSignal.abort(new Error('late')) })).rejects.toThrow('late');
  });
});

describe('in the retry path', () => {
  const throttle = () =>
    new ThrottlingException({
      message: 'Rate exceeded',
      Message: 'Rate exceeded',
      $metadata: { httpStatusCode: 400 },
    });

  it('a throttle spaces the requests that follow', async () => {
    const clock = new FakeClock(0);
    const context = {
      options: defaultRetryOptions,
      clock,
      deadline: new Deadline(Number.POSITIVE_INFINITY),
      pacer: new Pacer(clock),
      stats: newCallStats(),
    };
    const starts: number[] = [];
    let throttled = false;
    const operation = async () => {
      starts.push(clock.now());
      if (!throttled) {
        throttled = true;
        throw throttle();
      }
      return 'ok';
    };
    await withRetry(operation, context);
    await withRetry(operation, context);
    await withRetry(operation, context);
    expect(starts).toHaveLength(4);
    // After the throttle, consecutive requests start apart (the gap: 400 ms, decaying with time and successes);
    // without the pacer hearing of the throttle they would start back to back.
    const spacings = starts.slice(2).map((start, index) => start - (starts[index + 1] ?? 0));
    for (const spacing of spacings) expect(spacing).toBeGreaterThan(200);
  });

  it('a turn that would start past the fetch deadline ends the call with a deadline error, unsent', async () => {
    const clock = new FakeClock(0);
    const pacer = new Pacer(clock, { recoveryHalfLife: 0 });
    await pacer.acquire();
    pacer.onThrottle();
    await pacer.acquire(); // the next turn is 400 ms away
    const context = {
      options: defaultRetryOptions,
      clock,
      deadline: new Deadline(100),
      pacer,
      stats: newCallStats(),
    };
    let sent = 0;
    await expect(
      withRetry(async () => {
        sent += 1;
        return 'ok';
      }, context),
    ).rejects.toThrow(/deadline/);
    expect(sent).toBe(0);
    expect(clock.sleeps).toEqual([]);
  });
});
