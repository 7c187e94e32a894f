/**
 * The field case from the migration report (shared/field-reports/000): one environment's tree of parameters, most of
 * them plain configuration, some SecureString secrets under `<prefix>secrets/`. Built deterministically, so tests,
 * the demo and the benchmarks see the same bytes on every run.
 *
 * With the defaults (130 parameters, 40 secrets, prefix `/myapp/prod/`) the 90 plain values are 86 String and
 * 4 StringList: hostnames, ports, feature flags, timeouts, URLs, queue URLs, a Sentry DSN, and a few JSON documents
 * (rate limits, rollout rules, retry policy…), 11 to 223 bytes each. As Lambda counts them (env name bytes + value
 * bytes, UTF-8, names by `defaultEnvName` relative to the prefix) they weigh 5,750 bytes — over the 4,096-byte budget
 * for all of a function's environment variables, so `plan` has to choose which values stay in SSM. As `ssm:`
 * references (`SECRETS_DATABASE_PASSWORD=ssm:/myapp/prod/secrets/database-password`) the 40 secrets take 3,008 bytes.
 * The secret values are 40-character strings starting with `fc-secret-`, distinct from every name and plain value,
 * so a test can search any output for them.
 */
import { type SeedData, type SeedParameter, seededRandom } from 'middy-ssm-env/testing';

export interface FieldCaseOptions {
  /** Parameters in all, secrets included. @default 130 */
  readonly parameters?: number;
  /** How many of them are SecureString secrets (under `<prefix>secrets/`). @default 40 */
  readonly secrets?: number;
  /** The path everything lives under, ending in `/`. @default '/myapp/prod/' */
  readonly prefix?: string;
}

/** The field case's numbers. */
export const FIELD_CASE = { parameters: 130, secrets: 40, prefix: '/myapp/prod/', functions: 25 } as const;

type ValueOf = (index: number, random: () => number) => string;

interface PlainKind {
  readonly name: string;
  readonly type?: 'StringList';
  readonly value: ValueOf;
}

const hex = (random: () => number, length: number): string =>
  Array.from({ length }, () => Math.floor(random() * 16).toString(16)).join('');

const pick = <T>(random: () => number, items: readonly T[]): T =>
  items[Math.floor(random() * items.length)] as T;

/** Plain configuration of a typical service, in the proportions the report describes. */
const PLAIN_KINDS: readonly PlainKind[] = [
  { name: 'db/host', value: (i) => `db-${i}.prod.internal.example.com` },
  { name: 'db/port', value: () => '5432' },
  { name: 'db/name', value: (i) => `myapp_prod_${i}` },
  { name: 'redis/host', value: (i) => `cache-${i}.abc123.use1.cache.amazonaws.com` },
  { name: 'redis/port', value: () => '6379' },
  { name: 'external-api-base-url', value: (i) => `https://api.partner${i}.example.com/v2` },
  { name: 'webhook-url', value: (i) => `https://hooks.example.com/services/T0${i}/B0${i}/incoming` },
  {
    name: 'processing-queue-url',
    value: (i) => `https://sqs.us-east-1.amazonaws.com/123456789012/myapp-prod-processing-${i}`,
  },
  {
    name: 'notification-queue-url',
    value: (i) => `https://sqs.us-east-1.amazonaws.com/123456789012/myapp-prod-notify-${i}`,
  },
  {
    name: 'sentry-dsn',
    value: (_i, random) => `https://${hex(random, 32)}@o450123.ingest.sentry.io/45041${hex(random, 4)}`,
  },
  { name: 'analytics-app-id', value: (_i, random) => `app_${hex(random, 12)}` },
  { name: 'feature-x-enabled', value: (_i, random) => pick(random, ['true', 'false']) },
  { name: 'feature-new-checkout', value: (_i, random) => pick(random, ['on', 'off']) },
  { name: 'api-v2-threshold', value: (_i, random) => String(Math.floor(random() * 900) + 100) },
  { name: 'log-level', value: (_i, random) => pick(random, ['info', 'warn', 'debug']) },
  { name: 'http-timeout-ms', value: (_i, random) => String((Math.floor(random() * 8) + 1) * 1000) },
  { name: 'release-stage', value: () => 'production' },
  { name: 'cdn-base-url', value: (i) => `https://d${i}abcdefgh.cloudfront.net/assets` },
  {
    name: 'allowed-origins',
    type: 'StringList',
    value: (i) => `https://app.example.com,https://admin.example.com,https://partner${i}.example.com`,
  },
  {
    name: 'rate-limits',
    value: (_i, random) =>
      JSON.stringify({
        default: { perSecond: Math.floor(random() * 50) + 10, burst: 100 },
        routes: { '/checkout': { perSecond: 5, burst: 20 }, '/search': { perSecond: 50, burst: 200 } },
      }),
  },
  {
    name: 'feature-rollout',
    value: (_i, random) =>
      JSON.stringify({
        newCheckout: { percent: Math.floor(random() * 100), regions: ['us-east-1', 'eu-west-1'] },
        searchV2: { percent: 100, allowList: ['team-a', 'team-b', 'team-c'] },
        darkMode: { percent: 25, startsAt: '2025-01-15T00:00:00Z' },
      }),
  },
  {
    name: 'retry-policy',
    value: () =>
      JSON.stringify({ retries: 3, baseDelayMs: 100, maxDelayMs: 2000, retryOn: [429, 500, 502, 503, 504] }),
  },
];

/** Secrets a service of that size keeps. */
const SECRET_NAMES = [
  'database-password',
  'database-readonly-password',
  'redis-auth-token',
  'stripe-secret-key',
  'stripe-webhook-secret',
  'jwt-signing-key',
  'session-secret',
  'sendgrid-api-key',
  'twilio-auth-token',
  'github-app-private-key',
  'slack-bot-token',
  'partner-api-key',
  'encryption-key',
  'oauth-client-secret',
  'sentry-auth-token',
  'datadog-api-key',
  'algolia-admin-key',
  'aws-s3-signing-secret',
  'pagerduty-routing-key',
  'mailchimp-api-key',
];

/** Groups that repeat the kinds further down the tree once the top level is used up. */
const GROUPS = ['billing', 'search', 'notifications', 'reporting', 'admin', 'partners', 'ingest', 'export'];

/** The n-th name of a list that cycles through groups: `name`, then `billing/name`, `search/name`… */
const cycledName = (names: readonly string[], index: number): string => {
  const name = names[index % names.length] as string;
  const round = Math.floor(index / names.length);
  if (round === 0) return name;
  const group = GROUPS[(round - 1) % GROUPS.length] as string;
  const lap = Math.floor((round - 1) / GROUPS.length);
  return lap === 0 ? `${group}/${name}` : `${group}${lap + 1}/${name}`;
};

/**
 * Builds the field case as seed data for `startLocalSsm({ seed })`, a seed file, or `--from`.
 *
 * @example
 * const server = await startLocalSsm({ seed: fieldCaseSeed() });
 * const small = fieldCaseSeed({ parameters: 30, secrets: 10, prefix: '/demo/' });
 */
export function fieldCaseSeed(options: FieldCaseOptions = {}): { parameters: SeedParameter[] } & SeedData {
  const total = options.parameters ?? FIELD_CASE.parameters;
  const secrets = options.secrets ?? FIELD_CASE.secrets;
  const prefix = options.prefix ?? FIELD_CASE.prefix;
  if (!Number.isInteger(total) || !Number.isInteger(secrets) || secrets < 0 || secrets > total) {
    throw new TypeError(`Expected 0 <= secrets <= parameters (integers), got ${secrets} of ${total}`);
  }
  if (!prefix.startsWith('/') || !prefix.endsWith('/')) {
    throw new TypeError(`Expected the prefix to start and end with '/', got '${prefix}'`);
  }
  const random = seededRandom(0x5eed);
  const parameters: SeedParameter[] = [];
  const kindNames = PLAIN_KINDS.map((kind) => kind.name);
  for (let index = 0; index < total - secrets; index++) {
    const kind = PLAIN_KINDS[index % PLAIN_KINDS.length] as PlainKind;
    parameters.push({
      name: `${prefix}${cycledName(kindNames, index)}`,
      value: kind.value(index, random),
      type: kind.type ?? 'String',
    });
  }
  for (let index = 0; index < secrets; index++) {
    parameters.push({
      name: `${prefix}secrets/${cycledName(SECRET_NAMES, index)}`,
      value: `fc-secret-${hex(random, 30)}`,
      type: 'SecureString',
    });
  }
  return { parameters };
}

/** The SecureString values of a seed: what no command may ever print. */
export const secretValuesOf = (seed: { parameters: readonly SeedParameter[] }): string[] =>
  seed.parameters
    .filter((parameter) => parameter.type === 'SecureString')
    .map((parameter) => parameter.value);
