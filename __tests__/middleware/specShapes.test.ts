/**
 * The spec types and the checks at creation agree: what `NameSpec` / `PathSpec` accept is accepted, and a key the
 * types mark `never` is refused — except as `undefined`, which the types allow (`path?: never`) and so must the checks.
 */
import { describe, expect, it } from '@jest/globals';
import { ssmEnvValidateOptions } from '../../src/index.js';
import type { FetchSpec } from '../../src/types.js';

const check = (spec: FetchSpec) => () => ssmEnvValidateOptions({ fetchData: { a: spec } }, {});

describe('fetchData specs', () => {
  it('takes a key the types mark `never` given as undefined as absent', () => {
    expect(check({ name: '/a', path: undefined, recursive: undefined, manifest: undefined })).not.toThrow();
    expect(check({ path: '/a/', name: undefined, default: undefined, jsonKey: undefined })).not.toThrow();
  });

  it.each([
    [{ name: '/a', recursive: true }, 'unknown option `fetchData.a.recursive`'],
    [{ path: '/a/', jsonKey: 'k' }, 'unknown option `fetchData.a.jsonKey`'],
    [{ name: '/a', path: '/b/' }, 'exactly one of `name` and `path`'],
    [{ path: '/a/', types: ['Sekurestring'] }, '`fetchData.a.types`'],
    [{ path: '/a/', types: [] }, '`fetchData.a.types`'],
  ])('refuses what the types refuse (%#)', (spec, message) => {
    expect(check(spec as never)).toThrow(message);
  });
});
