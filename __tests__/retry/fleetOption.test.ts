/**
 * The fleet hint's inputs: the `fleet` option and the MIDDY_SSM_ENV_FLEET_SIZE / MIDDY_SSM_ENV_QUOTA_TPS variables,
 * the option winning, bad values failing at creation with the option's or the variable's name.
 */
import { buildConfig } from '../../src/middleware/config.js';
import { ssmEnvValidateOptions } from '../../src/middleware/validateOptions.js';
import type { SsmEnvOptions } from '../../src/types.js';

const fetchData = { DB: '/myapp/prod/db' };
const fleetOf = (options: Omit<SsmEnvOptions, 'fetchData'>, env: NodeJS.ProcessEnv = {}) => {
  const full = { fetchData, ...options };
  ssmEnvValidateOptions(full);
  return buildConfig(full, env).fleet;
};

test('without a hint: the standard 40/s quota and no size', () => {
  expect(fleetOf({})).toEqual({ rate: 40 });
});

test('the option gives the size and the rate', () => {
  expect(fleetOf({ fleet: { size: 25 } })).toEqual({ size: 25, rate: 40 });
  expect(fleetOf({ fleet: { size: 100, rate: 100 } })).toEqual({ size: 100, rate: 100 });
});

test('the environment variables give them when the option does not; the option wins', () => {
  const env = { MIDDY_SSM_ENV_FLEET_SIZE: '25', MIDDY_SSM_ENV_QUOTA_TPS: '100' };
  expect(fleetOf({}, env)).toEqual({ size: 25, rate: 100 });
  expect(fleetOf({ fleet: { size: 50 } }, env)).toEqual({ size: 50, rate: 100 });
  expect(fleetOf({ fleet: { size: 50, rate: 40 } }, env)).toEqual({ size: 50, rate: 40 });
  expect(fleetOf({}, { MIDDY_SSM_ENV_FLEET_SIZE: ' ' })).toEqual({ rate: 40 });
});

test.each([
  [{ size: 0 }, /fleet\.size/],
  [{ size: 2.5 }, /fleet\.size/],
  [{ rate: 40 }, /fleet\.size/],
  [{ size: 10, rate: 0 }, /fleet\.rate/],
  [{ size: 10, burst: 40 }, /unknown option `fleet\.burst`/],
  ['25', /`fleet`/],
])('a bad fleet option %p fails at creation, naming it', (fleet, message) => {
  expect(() => ssmEnvValidateOptions({ fetchData, fleet })).toThrow(message);
});

test.each([
  ['MIDDY_SSM_ENV_FLEET_SIZE', 'many'],
  ['MIDDY_SSM_ENV_FLEET_SIZE', '2.5'],
  ['MIDDY_SSM_ENV_FLEET_SIZE', '0'],
  ['MIDDY_SSM_ENV_QUOTA_TPS', '-40'],
  ['MIDDY_SSM_ENV_QUOTA_TPS', 'fast'],
])('a bad %s (%p) fails at creation, naming the variable', (name, value) => {
  expect(() => buildConfig({ fetchData }, { [name]: value })).toThrow(new RegExp(name));
});

test('a bad variable is not read when the option gives the value', () => {
  expect(
    buildConfig(
      { fetchData, fleet: { size: 5, rate: 40 } },
      { MIDDY_SSM_ENV_FLEET_SIZE: 'x', MIDDY_SSM_ENV_QUOTA_TPS: 'y' },
    ).fleet,
  ).toEqual({ size: 5, rate: 40 });
});
