/**
 * Spacing between the requests one process sends, learned from throttling. Functions that cold-start together share
 * one account quota but cannot talk to each other. Given the quota (the `fleet` option or `MIDDY_SSM_ENV_QUOTA_TPS`,
 * 40/s by default) and how many functions cold-start together (`fleet.size`, `MIDDY_SSM_ENV_FLEET_SIZE`), a process
 * knows its fair share before its first call: it starts at most its share of the burst at once, and on its first
 * throttle it moves straight to its share (rate ÷ size), at a random phase so the fleet spreads out, instead of
 * discovering it by doubling. A throttle while paced widens the gap (at most once per gap: the size was too small),
 * and time brings a widened gap back to the share. A process with parallel calls (batches by name) assumes the
 * others have as many and, when the share would not get its calls done by the fleet's expected end, spaces them to
 * finish by then: the processes the first throttles hit before they got any call through are not left last.
 * Without a size the fleet-blind rule applies: a fixed first gap, doubled on throttles and halving with time.
 */
import type { Clock } from '../core/clock.js';

/** What a process knows about the fleet it cold-starts with. */
export interface FleetHint {
  /** Functions (execution environments) that cold-start together and share the quota; estimated when absent. */
  readonly size?: number;
  /** The account's shared rate for these calls, per second. */
  readonly rate: number;
  /** The quota's burst (calls the bucket holds); the rate when absent, as SSM's standard quota. */
  readonly burst?: number;
}

export interface PacerOptions {
  /** Without a fleet: gap between request starts after the first throttle, in ms. */
  readonly initialGap: number;
  /** Without a fleet: the widest gap between two request starts, in ms. */
  readonly maxGap: number;
  /** Without a fleet: gap multiplier on a throttle (> 1). */
  readonly increase: number;
  /** Without a fleet: gap multiplier on a success (≤ 1). */
  readonly decrease: number;
  /** Without a fleet: the gap halves every this many ms (0 = off). */
  readonly recoveryHalfLife: number;
  /** The fraction of the fair share (rate ÷ size) a throttled process paces itself at. */
  readonly shareFactor: number;
  /** Gap multiplier on a throttle while paced (the fleet is bigger than thought), at most once per gap. */
  readonly fleetIncrease: number;
  /**
   * The gap's half-life in ms once it is at the fair share or narrower (0 = it stays there: the hint is trusted).
   * Narrowing past the share outgrows a size that is too big, but probes the quota when the size is right: every
   * value tried cost the right hint more than it saved the wrong one (bench/results/TUNING.md, fourth round).
   */
  readonly fleetRecoveryHalfLife: number;
  /** The gap's half-life in ms while it is wider than the fair share. */
  readonly fleetCatchUpHalfLife: number;
  /** The widest gap, as a multiple of the fair-share gap. */
  readonly fleetMaxGapFactor: number;
  /** Each spacing varies by ± half this fraction of the gap, at random, so paced processes do not fire in lockstep. */
  readonly fleetJitter: number;
  /**
   * Calls started at once before the first answer, as a multiple of the process's share of the burst (at least
   * one); each answer without a throttle after the first doubles it. 0 = no limit.
   */
  readonly startLimit: number;
  /** Under the fleet rule, the longest wait for a turn, as a fraction of the time left to the caller's deadline. */
  readonly fleetDeadlineShare: number;
  /** At the first throttle, a process waits this many gaps per call it got beyond its share of the burst (≤ 2). */
  readonly fleetSurplusWait: number;
  /**
   * Under the fleet rule, a process with parallel calls assumes every process has as many as it has known at once,
   * and spaces those it has left to finish by the fleet's expected end — its first call plus this × (size × calls −
   * burst) ÷ rate — when the share would finish them later; past that end, at a quarter of the share at most (it is
   * late, the others should be done). A throttle while paced ends it: the fleet is bigger than the hint. 0 = off.
   */
  readonly fleetFinishTogether: number;
  /** Without a size: the calls that got through before the first throttle count as at least this many. */
  readonly estimateFloor: number;
  /** Without a size: estimate one at the first throttle (true), or keep the fleet-blind gap rule (false). */
  readonly estimateSize: boolean;
}

/**
 * Chosen in the stampede benchmark (bench/results/TUNING.md, fourth round; `fleetFinishTogether`, fifth round).
 */
export const defaultPacerOptions: Readonly<PacerOptions> = {
  initialGap: 400,
  maxGap: 800,
  increase: 2,
  decrease: 0.95,
  recoveryHalfLife: 1000,
  shareFactor: 1.03,
  fleetIncrease: 1.25,
  fleetRecoveryHalfLife: 0,
  fleetCatchUpHalfLife: 3000,
  fleetMaxGapFactor: 4,
  fleetJitter: 0.2,
  startLimit: 1,
  fleetSurplusWait: 1,
  fleetDeadlineShare: 0.25,
  fleetFinishTogether: 0.97,
  estimateFloor: 0.5,
  estimateSize: false,
};

/** How `acquire` ended: the caller's turn came, or its turn would come after its deadline (nothing was reserved). */
export type AcquireResult = 'ready' | 'past-deadline';

export interface AcquireOptions {
  /** Epoch ms after which the caller cannot use its turn: a turn landing later is not waited for. */
  readonly deadline?: number;
  /** Aborting gives the caller's turn back, so callers queued behind it are not pushed back. */
  readonly signal?: AbortSignal;
}

interface Waiter {
  readonly deadline: number;
  /** Under the fleet rule: the latest this caller will be made to wait until. */
  latest?: number;
}

interface Fleet {
  readonly rate: number;
  readonly burst: number;
  /** Known from the hint, or estimated at the first throttle. */
  size: number | undefined;
}

/** Spaces request starts; shared by every call a process makes. */
export class Pacer {
  readonly #options: PacerOptions;
  readonly #clock: Clock;
  readonly #fleet: Fleet | undefined;
  #gap = 0;
  #gapSetAt = 0;
  /** Start of the latest granted turn, and the spacing the next one keeps from it. */
  #lastStart = Number.NEGATIVE_INFINITY;
  #spacing = 0;
  /** Callers waiting for a turn, in order; only the first one is ever given a start. */
  readonly #queue: Waiter[] = [];
  /** Resolved (and replaced) whenever waiters should look again: a turn granted, a caller gone, an answer. */
  #moved = latch();
  #throttled = false;
  #started = 0;
  #firstStartAt = 0;
  /** The most calls this process has known of at once (done, in flight or waiting): its share of the work. */
  #known = 0;
  #parallel = false;
  /** Throttled while paced: the fleet is bigger than the hint, so its expected end is too soon. */
  #behind = false;
  #answered = 0;
  #succeeded = 0;

  /**
   * @param fleet the quota and, when known, the fleet's size; without it the pacer keeps the fleet-blind rule
   *   (`initialGap`, `maxGap`, `increase`, `decrease`, `recoveryHalfLife`).
   */
  constructor(clock: Clock, options: Partial<PacerOptions> = {}, fleet?: FleetHint) {
    this.#clock = clock;
    this.#options = { ...defaultPacerOptions, ...options };
    if (fleet) this.#fleet = { rate: fleet.rate, burst: fleet.burst ?? fleet.rate, size: fleet.size };
  }

  /** The current gap in ms (0 until the first throttle), after recovery with time. */
  get gap(): number {
    return this.#gapAt(this.#clock.now());
  }

  /** The fair-share gap in ms: from the hint, or from the size estimated at the first throttle. */
  get shareGap(): number | undefined {
    const fleet = this.#fleet;
    return fleet?.size === undefined ? undefined : (1000 * fleet.size) / fleet.rate;
  }

  /** The gap a first throttle jumps to. */
  get #baseGap(): number {
    const share = this.shareGap;
    return share === undefined ? this.#options.initialGap : share / this.#options.shareFactor;
  }

  get #widestGap(): number {
    const share = this.shareGap;
    return share === undefined ? this.#options.maxGap : share * this.#options.fleetMaxGapFactor;
  }

  /** Below this the gap is dropped: the process no longer paces itself. */
  get #smallestGap(): number {
    return this.#baseGap / 4;
  }

  #gapAt(now: number): number {
    if (this.#gap === 0) return 0;
    const elapsed = Math.max(0, now - this.#gapSetAt);
    const gap = this.#sized
      ? this.#fleetDecay(elapsed)
      : decay(this.#gap, elapsed, this.#options.recoveryHalfLife);
    return gap < this.#smallestGap ? 0 : gap;
  }

  /** Catch up quickly down to the fair share, then narrow slowly past it (the others finish; the hint may be big). */
  #fleetDecay(elapsed: number): number {
    const { fleetCatchUpHalfLife, fleetRecoveryHalfLife } = this.#options;
    const share = this.#baseGap;
    if (this.#gap <= share) return decay(this.#gap, elapsed, fleetRecoveryHalfLife);
    if (fleetCatchUpHalfLife <= 0) return this.#gap;
    const toShare = fleetCatchUpHalfLife * Math.log2(this.#gap / share);
    if (elapsed <= toShare) return decay(this.#gap, elapsed, fleetCatchUpHalfLife);
    return decay(share, elapsed - toShare, fleetRecoveryHalfLife);
  }

  #setGap(gap: number, now: number): void {
    this.#gap = gap < this.#smallestGap ? 0 : gap;
    this.#gapSetAt = now;
  }

  /** Calls that may be in flight before the first throttle (a fleet's first instant); unlimited once paced. */
  get #startLimit(): number {
    const fleet = this.#fleet;
    const { startLimit } = this.#options;
    // Only a hinted size limits it: a lone cold start must not pay round trips for a stampede it is not in.
    if (fleet?.size === undefined || this.#throttled || startLimit <= 0) return Number.POSITIVE_INFINITY;
    const burstShare = fleet.burst / fleet.size;
    // Each answer without a throttle after the first doubles it: a process alone soon runs free.
    return Math.max(1, Math.floor(burstShare * startLimit)) * 2 ** Math.max(0, this.#answered - 1);
  }

  get #blocked(): boolean {
    return this.#started - this.#answered >= this.#startLimit;
  }

  /**
   * When the next turn can start, for a caller `ahead` places behind the queue's head. Under the fleet rule a turn
   * is never more than `fleetDeadlineShare` of the time left to the caller's deadline away: a size far too big
   * makes a process slow, never makes it miss its deadline.
   */
  #startAt(now: number, ahead = 0, waiter?: Waiter): number {
    const gap = this.#gapAt(now);
    const next = gap === 0 ? now : Math.max(now, this.#lastStart + this.#spacing);
    const start = next + ahead * gap;
    if (!waiter || !this.#sized || !Number.isFinite(waiter.deadline) || waiter.deadline <= now) return start;
    const share = this.#options.fleetDeadlineShare;
    if (ahead > 0) {
      // Each caller ahead waits at most `share` of what is left then: this one's turn lands by this.
      return Math.min(start, now + (waiter.deadline - now) * (1 - (1 - share) ** (ahead + 1)));
    }
    // Fixed when the caller reaches the head of the queue, so waking up early does not move it again; jittered, or
    // a fleet held back by the same deadline would be released in the same instant.
    waiter.latest ??= now + (waiter.deadline - now) * share * (0.5 + this.#clock.random() / 2);
    return Math.min(start, waiter.latest);
  }

  /**
   * Waits for this request's turn. Before any throttle it never waits, except that a process given a fleet does not
   * start more than its share of the burst before the first answer. A turn that would start after `deadline` is not
   * waited for: `'past-deadline'` comes back at once and nothing is reserved. Aborting `signal` rejects with its
   * reason and gives the turn back to the callers behind.
   */
  async acquire(options: AcquireOptions = {}): Promise<AcquireResult> {
    const { signal } = options;
    const deadline = options.deadline ?? Number.POSITIVE_INFINITY;
    signal?.throwIfAborted();
    const now = this.#clock.now();
    this.#noteCalls(1);
    if (this.#queue.length === 0 && this.#startAt(now) <= now && !this.#blocked) {
      this.#grant(now);
      return 'ready';
    }
    const waiter: Waiter = { deadline };
    if (this.#startAt(now, this.#queue.length, waiter) > deadline) return 'past-deadline';
    this.#queue.push(waiter);
    try {
      return await this.#waitTurn(waiter, signal);
    } finally {
      this.#queue.splice(this.#queue.indexOf(waiter), 1);
      this.#move();
    }
  }

  async #waitTurn(waiter: Waiter, signal: AbortSignal | undefined): Promise<AcquireResult> {
    for (;;) {
      signal?.throwIfAborted();
      const now = this.#clock.now();
      if (this.#queue[0] !== waiter) {
        await abortable(this.#moved.promise, signal);
      } else if (this.#blocked) {
        // Wait for an answer, but no longer than a fair-share gap: an attempt that fails otherwise reports none.
        const patience = this.shareGap ?? this.#options.initialGap;
        await this.#nap(patience, signal);
        if (this.#clock.now() >= now + patience) this.#answered += 1;
      } else {
        const start = this.#startAt(now, 0, waiter);
        if (start > waiter.deadline) return 'past-deadline';
        if (start <= now) {
          this.#grant(now);
          return 'ready';
        }
        // Woken early when the queue moves: a throttle may widen the gap, time narrows it.
        await this.#nap(start - now, signal);
      }
    }
  }

  /** Sleeps `ms`, or less when the queue moves; rejects when `signal` aborts. */
  async #nap(ms: number, signal: AbortSignal | undefined): Promise<void> {
    const wake = new AbortController();
    const onAbort = () => wake.abort(signal?.reason);
    signal?.addEventListener('abort', onAbort, { once: true });
    this.#moved.promise.then(() => wake.abort());
    try {
      await this.#clock.sleep(ms, wake.signal);
    } catch (error) {
      signal?.throwIfAborted();
      if (!wake.signal.aborted) throw error;
    } finally {
      signal?.removeEventListener('abort', onAbort);
    }
  }

  /** The fleet rule applies: the size is known (hinted or estimated). */
  get #sized(): boolean {
    return this.#fleet?.size !== undefined;
  }

  /** Records how many calls the process knows of, with `extra` callers not yet in the queue. */
  #noteCalls(extra: number): void {
    const open = this.#started - this.#answered + this.#queue.length + extra;
    if (open >= 2) this.#parallel = true;
    this.#known = Math.max(this.#known, this.#succeeded + open);
  }

  /**
   * The gap, or narrower for a process with parallel calls that would finish after the fleet's expected end at it.
   * `left`: calls still to start after the one being granted (or, at a throttle, including the throttled one).
   */
  #paceGap(now: number, gap: number, left: number): number {
    const fleet = this.#fleet;
    const factor = this.#options.fleetFinishTogether;
    if (!fleet?.size || factor <= 0 || !this.#parallel || this.#behind || gap === 0) return gap;
    const end =
      this.#firstStartAt + (factor * 1000 * Math.max(0, fleet.size * this.#known - fleet.burst)) / fleet.rate;
    // Past the expected end the process is late (the others should be done): a quarter of the share at most.
    if (end <= now) return Math.min(gap, this.#smallestGap);
    // The last call's spacing only holds back its retry, if it is throttled: that still has to land by the end.
    return Math.min(gap, (end - now) / Math.max(1, left));
  }

  #grant(now: number): void {
    if (this.#started === 0) this.#firstStartAt = now;
    const inFlight = this.#started + 1 - this.#answered;
    const gap = this.#paceGap(now, this.#gapAt(now), this.#known - this.#succeeded - inFlight);
    const jitter = this.#sized ? this.#options.fleetJitter : 1;
    this.#lastStart = now;
    // Jitter each gap so processes that learned the same gap do not fire in lockstep.
    this.#spacing = gap * (1 + (this.#clock.random() - 0.5) * jitter);
    this.#started += 1;
  }

  #move(): void {
    const moved = this.#moved;
    this.#moved = latch();
    moved.resolve();
  }

  onSuccess(): void {
    this.#answered += 1;
    this.#succeeded += 1;
    // With a fleet, time alone narrows the gap: successes come at the paced rate and say nothing new.
    if (!this.#sized) {
      const now = this.#clock.now();
      this.#setGap(this.#gapAt(now) * this.#options.decrease, now);
    }
    this.#move();
  }

  onThrottle(): void {
    this.#answered += 1;
    const now = this.#clock.now();
    const current = this.#gapAt(now);
    const first = !this.#throttled;
    this.#throttled = true;
    this.#move();
    // Parallel batches throttled together are one signal, not several: widen at most once per gap (as TCP reacts
    // once per window), or one crowded instant would push the gap to its cap.
    if (current > 0 && now - this.#gapSetAt < current) return;
    const fleet = this.#fleet;
    if (fleet && first && fleet.size === undefined && this.#options.estimateSize) {
      // The calls that got through before the first throttle are this process's share of the burst.
      fleet.size = Math.max(1, fleet.burst / Math.max(this.#options.estimateFloor, this.#succeeded));
    }
    if (!fleet || fleet.size === undefined) {
      const { initialGap, increase, maxGap } = this.#options;
      this.#setGap(Math.min(maxGap, Math.max(initialGap, current * increase)), now);
      return;
    }
    // The first throttle moves to the share; one while paced widens from where the gap is, which may be narrower
    // than the share when the size was too big (time narrowed it): the fleet fills the quota about there. It also
    // ends finishing together: the fleet is bigger than the hint, so its expected end is too soon.
    const paced = !first && current > 0;
    if (paced) this.#behind = true;
    const next = paced ? current * this.#options.fleetIncrease : this.#baseGap;
    this.#setGap(Math.min(this.#widestGap, next), now);
    if (first) {
      // Processes throttled in the same instant start pacing at a random phase of the gap, spreading out; one that
      // got more than its share of the burst first waits off the surplus, so the fleet finishes together. One with
      // parallel calls left paces them to finish by the fleet's expected end.
      const surplus = Math.min(2, Math.max(0, this.#succeeded - fleet.burst / (fleet.size ?? 1)));
      this.#lastStart = now;
      const left = this.#known - this.#succeeded - (this.#started - this.#answered);
      this.#spacing =
        this.#paceGap(now, this.#gap, left) *
        (this.#clock.random() + this.#options.fleetSurplusWait * surplus);
    }
  }
}

const decay = (gap: number, elapsed: number, halfLife: number): number =>
  halfLife <= 0 ? gap : gap * 0.5 ** (elapsed / halfLife);

/** A promise resolved from outside. */
const latch = (): { promise: Promise<void>; resolve: () => void } => {
  let resolve = () => {};
  const promise = new Promise<void>((done) => {
    resolve = done;
  });
  return { promise, resolve };
};

/** `promise`, or the signal's reason as a rejection when it aborts first. */
const abortable = (promise: Promise<void>, signal: AbortSignal | undefined): Promise<void> => {
  if (!signal) return promise;
  return new Promise((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, reject);
  });
};
