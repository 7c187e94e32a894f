/**
 * Property-based tests (fast-check): name mapping always yields usable names, and option validation either accepts
 * or throws a TypeError naming an option — it never crashes another way, whatever it is given.
 */
import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { defaultEnvName, isValidEnvName } from '../../src/inject/envNames.js';
import { ssmEnvValidateOptions } from '../../src/middleware/validateOptions.js';
import { parseReference } from '../../src/references/parseReference.js';

const segment = fc.stringMatching(/^[A-Za-z0-9_.-]{1,12}$/);
const parameterPath = fc.array(segment, { minLength: 1, maxLength: 6 }).map((parts) => `/${parts.join('/')}`);

describe('name mapping', () => {
  it('maps every parameter under a path to a valid environment variable name', () => {
    fc.assert(
      fc.property(parameterPath, parameterPath, (base, rest) => {
        const path = `${base}/`;
        const name = defaultEnvName(`${base}${rest}`, path);
        return name === '' || (isValidEnvName(name) && name === name.toUpperCase());
      }),
      { numRuns: 2000 },
    );
  });

  it('is deterministic and keeps the prefix', () => {
    fc.assert(
      fc.property(parameterPath, fc.stringMatching(/^[A-Z][A-Z0-9_]{0,5}$/), (name, prefix) => {
        const mapped = defaultEnvName(name, '/', prefix);
        return mapped === defaultEnvName(name, '/', prefix) && mapped.startsWith(prefix);
      }),
    );
  });

  it('parses any well-formed name back to itself', () => {
    fc.assert(
      fc.property(parameterPath, (name) => {
        const reference = parseReference(name);
        return reference.name === name && reference.request === name && reference.selector === undefined;
      }),
    );
  });
});

describe('option validation', () => {
  const anyValue = fc.anything({ withNullPrototype: true, withObjectString: true });
  const keys = fc.constantFrom(
    'fetchData',
    'setToEnv',
    'cacheExpiry',
    'retry',
    'awsRequestLimit',
    'logger',
    '__proto__',
    'constructor',
    'typo',
  );

  it('accepts, or throws a TypeError that names an option', () => {
    fc.assert(
      fc.property(fc.dictionary(keys, anyValue), (options) => {
        try {
          ssmEnvValidateOptions(options);
          return true;
        } catch (error) {
          return error instanceof TypeError && /`[^`]+`|fetchData|reference|path/.test(error.message);
        }
      }),
      { numRuns: 2000 },
    );
  });

  it('never lets arbitrary fetchData strings through unchecked', () => {
    fc.assert(
      fc.property(fc.string(), (value) => {
        try {
          ssmEnvValidateOptions({ fetchData: { key: value } });
          // Accepted: a hierarchical name or path, an ARN, or a simple name (no `/`) with a selector and JSON key.
          return (
            value.startsWith('/') ||
            value.startsWith('arn:') ||
            /^[A-Za-z0-9_.-]+(:[A-Za-z0-9_.-]+)?(#[^#]+)?$/.test(value)
          );
        } catch (error) {
          expect(error).toBeInstanceOf(TypeError);
          return true;
        }
      }),
      { numRuns: 2000 },
    );
  });
});
