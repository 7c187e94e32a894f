/**
 * `@middy/ssm`'s exported names exist here too, so a switch by import keeps working at run time as well as in types.
 */
import { describe, expect, it } from '@jest/globals';
import ssm, { ssmEnv, ssmEnvValidateOptions, ssmParam, ssmValidateOptions } from '../../src/index.js';

describe("@middy/ssm's names", () => {
  it('exports the middleware as default, ssmParam and ssmValidateOptions', () => {
    expect(ssm).toBe(ssmEnv);
    expect(ssmValidateOptions).toBe(ssmEnvValidateOptions);
    expect(ssmParam<{ perSecond: number }>('/myapp/limits')).toBe('/myapp/limits');
  });

  it('validates options as ssmEnv does', () => {
    expect(() => ssmValidateOptions({ fetchData: { a: '/a' } })).not.toThrow();
    expect(() => ssmValidateOptions({ fetchData: { a: { name: '/a', recursive: true } } })).toThrow(
      'unknown option `fetchData.a.recursive`',
    );
  });
});
