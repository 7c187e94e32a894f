import { Pacer, type PacerOptions } from '../../src/retry/pacer.js';
import { FakeClock } from '../helpers/fakeClock.js';

const options = (overrides: Partial<PacerOptions> = {}): Partial<PacerOptions> => ({
  initialGap: 400,
  maxGap: 2000,
  increase: 2,
  decrease: 0.95,
  recoveryHalfLife: 0,
  ...overrides,
});

test('never waits before the first throttle', async () => {
  const clock = new FakeClock();
  const pacer = new Pacer(clock);
  for (let i = 0; i < 5; i++) await pacer.acquire();
  expect(clock.sleeps).toEqual([]);
  expect(pacer.gap).toBe(0);
});

test('a first throttle jumps to the initial gap, later ones multiply it up to the cap', () => {
  const clock = new FakeClock(0);
  const pacer = new Pacer(clock, options());
  pacer.onThrottle();
  expect(pacer.gap).toBe(400);
  clock.advance(400);
  pacer.onThrottle();
  expect(pacer.gap).toBe(800);
  for (let i = 0; i < 5; i++) {
    clock.advance(2000);
    pacer.onThrottle();
  }
  expect(pacer.gap).toBe(2000);
});

test('successes shrink the gap and a small gap drops to zero', () => {
  const pacer = new Pacer(new FakeClock(), options({ decrease: 0.5 }));
  pacer.onThrottle();
  pacer.onSuccess();
  expect(pacer.gap).toBe(200);
  pacer.onSuccess();
  pacer.onSuccess();
  expect(pacer.gap).toBe(0);
});

test('spaces request starts by the jittered gap', async () => {
  const clock = new FakeClock(0, [0.5]);
  const pacer = new Pacer(clock, options());
  pacer.onThrottle();
  await pacer.acquire();
  await pacer.acquire();
  await pacer.acquire();
  // random 0.5 → spacing = gap × (0.5 + 0.5) = the gap itself.
  expect(clock.sleeps).toEqual([400, 400]);
});

test('the gap halves every recoveryHalfLife without a throttle', () => {
  const clock = new FakeClock(0);
  const pacer = new Pacer(clock, options({ recoveryHalfLife: 1000 }));
  pacer.onThrottle();
  expect(pacer.gap).toBe(400);
  clock.advance(1000);
  expect(pacer.gap).toBe(200);
  clock.advance(2000);
  expect(pacer.gap).toBe(0); // 50 < initialGap / 4
});

test('parallel calls throttled together widen the gap once', () => {
  const clock = new FakeClock(0);
  const pacer = new Pacer(clock, options());
  for (let i = 0; i < 4; i++) pacer.onThrottle();
  expect(pacer.gap).toBe(400);

  clock.advance(400);
  pacer.onThrottle();
  expect(pacer.gap).toBe(800);
});
