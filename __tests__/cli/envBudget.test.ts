import fc from 'fast-check';
import {
  type EnvVariable,
  LAMBDA_ENV_LIMIT_BYTES,
  splitEnvBudget,
  variableBytes,
} from '../../src/cli/plan/envBudget.js';

const variable = (name: string, value: string): EnvVariable => ({ name, value, parameter: `/p/${name}` });

describe('variableBytes', () => {
  it('counts key bytes plus value bytes in UTF-8', () => {
    expect(variableBytes({ name: 'DB_HOST', value: 'db.local' })).toBe(15);
    expect(variableBytes({ name: 'GREETING', value: 'héllo ✓' })).toBe(8 + 10);
    expect(variableBytes({ name: 'EMPTY', value: '' })).toBe(5);
  });
});

describe('splitEnvBudget', () => {
  it('keeps everything that fits, sorted by name', () => {
    const split = splitEnvBudget([], [variable('B', 'bb'), variable('A', 'a')]);

    expect(split.kept.map((kept) => kept.name)).toEqual(['A', 'B']);
    expect(split).toMatchObject({
      keptBytes: 5,
      left: [],
      leftBytes: 0,
      usedBytes: 5,
      fits: true,
      limit: 4096,
    });
  });

  it('keeps the smallest values and leaves the largest in SSM, largest first', () => {
    const candidates = [
      variable('BIG', 'x'.repeat(60)),
      variable('SMALL', 'x'),
      variable('MID', 'x'.repeat(20)),
      variable('HUGE', 'x'.repeat(90)),
    ];

    const split = splitEnvBudget([], candidates, 40);

    expect(split.kept.map((kept) => kept.name)).toEqual(['MID', 'SMALL']);
    expect(split.left.map((left) => left.name)).toEqual(['HUGE', 'BIG']);
    expect(split).toMatchObject({ keptBytes: 29, leftBytes: 157, usedBytes: 29 });
  });

  it('fills the budget to the exact byte', () => {
    const fixed = [variable('REF', 'x'.repeat(93))];

    const exact = splitEnvBudget(fixed, [variable('A', 'x'.repeat(3997)), variable('B', 'y')], 4096);
    const oneOver = splitEnvBudget(fixed, [variable('A', 'x'.repeat(3998)), variable('B', 'y')], 4096);

    expect(exact.fixedBytes).toBe(96);
    expect(exact.kept.map((kept) => kept.name)).toEqual(['A', 'B']);
    expect(exact.usedBytes).toBe(4096);
    expect(oneOver.kept.map((kept) => kept.name)).toEqual(['B']);
    expect(oneOver.left.map((left) => left.name)).toEqual(['A']);
    expect(oneOver.usedBytes).toBe(98);
  });

  it('counts the fixed variables first and reports when they alone exceed the limit', () => {
    const split = splitEnvBudget([variable('REF', 'x'.repeat(4100))], [variable('A', 'a')]);

    expect(split).toMatchObject({ fits: false, fixedBytes: 4103, kept: [], leftBytes: 2 });
  });

  it('breaks ties by name, so the same tree always gives the same split', () => {
    const split = splitEnvBudget([], [variable('B', 'x'), variable('A', 'x'), variable('C', 'x')], 4);

    expect(split.kept.map((kept) => kept.name)).toEqual(['A', 'B']);
    expect(split.left.map((left) => left.name)).toEqual(['C']);
  });

  it('never exceeds the limit and keeps as many variables as any choice could', () => {
    const candidatesArbitrary = fc.uniqueArray(
      fc.record({ name: fc.stringMatching(/^[A-Z]{1,8}$/), value: fc.string({ maxLength: 300 }) }),
      {
        selector: (candidate) => candidate.name,
        maxLength: 40,
      },
    );
    fc.assert(
      fc.property(candidatesArbitrary, fc.integer({ min: 0, max: 3000 }), (candidates, limit) => {
        const all = candidates.map((candidate) => variable(candidate.name, candidate.value));
        const split = splitEnvBudget([], all, limit);
        const sizes = all.map(variableBytes).sort((left, right) => left - right);
        let best = 0;
        let sum = 0;
        for (const size of sizes) {
          if (sum + size > limit) break;
          sum += size;
          best += 1;
        }
        return (
          split.usedBytes <= limit &&
          split.kept.length === best &&
          split.kept.length + split.left.length === all.length
        );
      }),
    );
  });

  it('defaults to Lambda’s 4,096 bytes', () => {
    expect(LAMBDA_ENV_LIMIT_BYTES).toBe(4096);
  });
});
