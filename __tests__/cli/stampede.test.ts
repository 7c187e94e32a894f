import { byNameCalls, byPathCalls, estimateStampede, QUOTAS } from '../../src/cli/plan/stampede.js';

describe('calls per cold start', () => {
  it('pages a path 10 parameters at a time, and an empty path still costs a call', () => {
    expect([byPathCalls(0), byPathCalls(1), byPathCalls(10), byPathCalls(11), byPathCalls(130)]).toEqual([
      1, 1, 1, 2, 13,
    ]);
  });

  it('fetches names 10 a call, and no names cost nothing', () => {
    expect([byNameCalls(0), byNameCalls(1), byNameCalls(10), byNameCalls(40), byNameCalls(41)]).toEqual([
      0, 1, 1, 4, 5,
    ]);
  });
});

describe('estimateStampede', () => {
  it('puts the field case at 7.13 s of the standard quota: (13 × 25 − 40) / 40', () => {
    const estimate = estimateStampede('GetParametersByPath', 13, 25, 'standard');

    expect(estimate).toEqual({
      api: 'GetParametersByPath',
      callsPerColdStart: 13,
      functions: 25,
      callsPerDeploy: 325,
      quota: { rate: 40, burst: 40, shared: true },
      quotaSeconds: 7.13,
      fitsInit: true,
    });
  });

  it('gives secrets only (4 calls × 25) 1.5 s of the standard quota', () => {
    expect(estimateStampede('GetParameters', 4, 25, 'standard').quotaSeconds).toBe(1.5);
  });

  it('uses the per-API quotas of higher throughput: ByPath 100/s, GetParameters 3,000/s', () => {
    expect(estimateStampede('GetParametersByPath', 13, 25, 'high').quotaSeconds).toBe(2.25);
    expect(estimateStampede('GetParameters', 4, 25, 'high').quotaSeconds).toBe(0);
    expect(QUOTAS.high.GetParameters).toEqual({ rate: 3000, burst: 3000, shared: false });
  });

  it('costs nothing while the deploy fits in the burst', () => {
    expect(estimateStampede('GetParameters', 1, 40, 'standard').quotaSeconds).toBe(0);
  });

  it('does not fit the 10 s init from exactly 10 s of quota on', () => {
    expect(estimateStampede('GetParametersByPath', 11, 40, 'standard')).toMatchObject({
      quotaSeconds: 10,
      fitsInit: false,
    });
    expect(estimateStampede('GetParametersByPath', 13, 40, 'standard')).toMatchObject({
      quotaSeconds: 12,
      fitsInit: false,
    });
    expect(estimateStampede('GetParametersByPath', 11, 39, 'standard')).toMatchObject({
      quotaSeconds: 9.73,
      fitsInit: true,
    });
  });
});
