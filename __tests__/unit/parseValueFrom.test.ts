/**
 * ECS's `valueFrom` syntax: examples from the ECS documentation's shapes, and properties (fast-check) — every field
 * combination round-trips, empty fields and trailing colons are optional, anything else fails with a TypeError that
 * names the reference.
 */
import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { parseEnvReference } from '../../src/references/envReferences.js';
import { parseValueFrom, readsCurrentVersion } from '../../src/references/parseValueFrom.js';

const ARN = 'arn:aws:secretsmanager:us-west-2:123456789012:secret:';

describe('parseValueFrom: examples', () => {
  it('reads a full ARN with ECS fields, empty ones allowed', () => {
    expect(parseValueFrom(`${ARN}prod/db-AbCdEf:password::`)).toEqual({
      service: 'secretsmanager',
      reference: {
        secretId: `${ARN}prod/db-AbCdEf`,
        name: 'prod/db-AbCdEf',
        arn: { partition: 'aws', region: 'us-west-2', account: '123456789012' },
        jsonKey: 'password',
        request: `${ARN}prod/db-AbCdEf::`,
        source: `${ARN}prod/db-AbCdEf:password::`,
      },
    });
  });

  it('reads stage and version id, and any partition', () => {
    const { reference } = parseValueFrom(
      'arn:aws-cn:secretsmanager:cn-north-1:123456789012:secret:db::AWSPREVIOUS:0123456789abcdef0123456789abcdef',
    );
    expect(reference).toMatchObject({
      secretId: 'arn:aws-cn:secretsmanager:cn-north-1:123456789012:secret:db',
      versionStage: 'AWSPREVIOUS',
      versionId: '0123456789abcdef0123456789abcdef',
    });
    expect(reference).not.toHaveProperty('jsonKey');
  });

  it('treats a non-ARN valueFrom as a Parameter Store name, as ECS does', () => {
    expect(parseValueFrom('/myapp/prod/LOG_LEVEL')).toMatchObject({
      service: 'ssm',
      reference: { name: '/myapp/prod/LOG_LEVEL' },
    });
    expect(parseValueFrom('LOG_LEVEL')).toMatchObject({ service: 'ssm', reference: { name: 'LOG_LEVEL' } });
    // A name with `/` must begin with one (AWS's rule); a secret's bare name needs its ARN, as in ECS.
    expect(() => parseValueFrom('prod/db')).toThrow(/a name in a hierarchy must begin with `\/`/);
    expect(parseValueFrom('arn:aws:ssm:us-west-2:123456789012:parameter/myapp/prod/API_KEY')).toMatchObject({
      service: 'ssm',
      reference: { name: '/myapp/prod/API_KEY', arn: { region: 'us-west-2' } },
    });
  });

  it.each([
    ['arn:aws:s3:::bucket', "unknown service 's3'"],
    ['arn:aws:secretsmanager:us-west-2:123456789012:prod/db', 'expected secret:<name> after the account'],
    ['arn:aws:secretsmanager:uswest2:123456789012:secret:db', "'uswest2' is not a Region"],
    ['arn:xyz:secretsmanager:us-west-2:123456789012:secret:db', "'xyz' is not an ARN partition"],
    [`${ARN}`, 'the secret name is empty'],
    [`${ARN}db name`, 'a secret name is 1 to 512 characters'],
    [`${ARN}db:k:st age`, "version-stage 'st age' is not a staging label"],
    [`${ARN}db:k:stagé`, 'is not a staging label'],
    [`${ARN}db:k::short-id`, "version-id 'short-id' is not a Secrets Manager version id"],
    [`${ARN}db:k:s:v:extra`, 'too many `:` fields'],
    [`${ARN}db#password`, 'json-key field (`:key::`), not `#key`'],
  ])('refuses %s', (input, why) => {
    expect(() => parseValueFrom(input)).toThrow(why);
    expect(() => parseValueFrom(input)).toThrow(TypeError);
  });

  it('refuses a JSON key given twice', () => {
    expect(() => parseValueFrom(`${ARN}db:k::`, 'other')).toThrow('give the JSON key once');
    expect(parseValueFrom(`${ARN}db`, 'k').reference).toMatchObject({ jsonKey: 'k' });
  });

  it('reads AWSCURRENT without a version id as the plain read', () => {
    const plain = parseValueFrom(`${ARN}db`);
    const current = parseValueFrom(`${ARN}db::AWSCURRENT`);
    expect(current.reference.request).toBe(plain.reference.request);
    expect(plain.service === 'secretsmanager' && readsCurrentVersion(plain.reference)).toBe(true);
  });
});

describe('env references', () => {
  it.each([
    ['secretsmanager:prod/db:password::', 'secretsmanager'],
    ['secretsmanager:prod/db:password:', 'secretsmanager'],
    [`secretsmanager:${ARN}prod/db`, 'secretsmanager'],
    ['secretsmanager:prod/db#password', 'ssm'],
    ['secretsmanager:prod/db:AWSPREVIOUS', 'ssm'],
    ['secretsmanager:prod/db', 'ssm'],
    ['ssm:/myapp/x', 'ssm'],
  ])('%s is read from %s', (value, service) => {
    expect(parseEnvReference(value)?.service).toBe(service);
  });

  it('keeps the SSM form for secretsmanager: references without ECS fields', () => {
    expect(parseEnvReference('secretsmanager:prod/db#password')?.reference).toMatchObject({
      name: '/aws/reference/secretsmanager/prod/db',
      jsonKey: 'password',
    });
    expect(parseEnvReference('postgres://db:5432')).toBeUndefined();
  });
});

const secretName = fc.stringMatching(/^[A-Za-z0-9/_+=.@-]{1,40}$/);
const jsonKey = fc.stringMatching(/^[^:#]{1,20}$/);
const stage = fc.stringMatching(/^[\x21-\x39\x3b-\x7e]{1,30}$/);
const versionId = fc.stringMatching(/^[A-Za-z0-9-]{32,64}$/);
const partition = fc.constantFrom('aws', 'aws-cn', 'aws-us-gov');
const region = fc.constantFrom('us-west-2', 'cn-north-1', 'us-gov-west-1', 'eu-central-1');

describe('parseValueFrom: properties', () => {
  it('round-trips every combination of fields, with or without trailing colons', () => {
    fc.assert(
      fc.property(
        partition,
        region,
        secretName,
        fc.option(jsonKey, { nil: undefined }),
        fc.option(stage, { nil: undefined }),
        fc.option(versionId, { nil: undefined }),
        fc.boolean(),
        (part, reg, name, key, versionStage, id, trailing) => {
          const fields = [key ?? '', versionStage ?? '', id ?? ''];
          // Trailing empty fields may be written or left out.
          while (!trailing && fields.length > 0 && fields.at(-1) === '') fields.pop();
          const prefix = `arn:${part}:secretsmanager:${reg}:123456789012:secret:`;
          const input = [`${prefix}${name}`, ...fields].join(':');
          const parsed = parseValueFrom(input);
          if (parsed.service !== 'secretsmanager') return false;
          const { reference } = parsed;
          return (
            reference.secretId === `${prefix}${name}` &&
            reference.jsonKey === key &&
            reference.versionStage === versionStage &&
            reference.versionId === id &&
            reference.source === input
          );
        },
      ),
      { numRuns: 1000 },
    );
  });

  it('gives references that differ only in their JSON key one read', () => {
    fc.assert(
      fc.property(secretName, jsonKey, jsonKey, fc.option(stage, { nil: undefined }), (name, a, b, st) => {
        const one = parseValueFrom(`${ARN}${name}:${a}:${st ?? ''}`);
        const two = parseValueFrom(`${ARN}${name}:${b}:${st ?? ''}`);
        return one.reference.request === two.reference.request;
      }),
    );
  });

  it('either parses or throws a TypeError naming the input — never anything else', () => {
    const candidate = fc.oneof(
      fc.string(),
      fc.string().map((rest) => `arn:${rest}`),
      fc.string().map((rest) => `${ARN}${rest}`),
      fc.array(fc.string({ maxLength: 6 }), { maxLength: 6 }).map((parts) => `${ARN}db:${parts.join(':')}`),
    );
    fc.assert(
      fc.property(candidate, (input) => {
        try {
          parseValueFrom(input);
          return true;
        } catch (error) {
          return error instanceof TypeError && error.message.startsWith('middy-ssm-env: invalid');
        }
      }),
      { numRuns: 3000 },
    );
  });

  it('reads every non-ARN valueFrom that parses from Parameter Store', () => {
    fc.assert(
      fc.property(
        fc.string().filter((input) => !input.startsWith('arn:')),
        (input) => {
          try {
            return parseValueFrom(input).service === 'ssm';
          } catch {
            return true;
          }
        },
      ),
    );
  });
});
