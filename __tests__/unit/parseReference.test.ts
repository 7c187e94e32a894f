import { findEnvReferences, unwrapEnvReference } from '../../src/references/envReferences.js';
import { matchKey, parsePath, parseReference } from '../../src/references/parseReference.js';

describe('parseReference', () => {
  it('parses a plain hierarchical name', () => {
    expect(parseReference('/myapp/prod/db-password')).toEqual({
      request: '/myapp/prod/db-password',
      name: '/myapp/prod/db-password',
      isSecret: false,
    });
  });

  it('parses version and label selectors', () => {
    expect(parseReference('/myapp/key:3')).toMatchObject({
      request: '/myapp/key:3',
      name: '/myapp/key',
      selector: ':3',
    });
    expect(parseReference('/myapp/key:prod')).toMatchObject({ name: '/myapp/key', selector: ':prod' });
  });

  it.each(['aws', 'aws-cn', 'aws-us-gov'])('parses an ARN in the %s partition', (partition) => {
    const arn = `arn:${partition}:ssm:eu-west-1:123456789012:parameter/shared/key:2`;
    expect(parseReference(arn)).toMatchObject({
      request: arn,
      name: '/shared/key',
      selector: ':2',
      arn: { partition, region: 'eu-west-1', account: '123456789012' },
    });
  });

  it('keeps a non-hierarchical ARN name without a slash', () => {
    expect(parseReference('arn:aws:ssm:us-east-1:123456789012:parameter/plain').name).toBe('plain');
  });

  it('parses a Secrets Manager reference with stage and JSON key', () => {
    expect(parseReference('/aws/reference/secretsmanager/prod/db:AWSPREVIOUS#password')).toEqual({
      request: '/aws/reference/secretsmanager/prod/db:AWSPREVIOUS',
      name: '/aws/reference/secretsmanager/prod/db',
      selector: ':AWSPREVIOUS',
      jsonKey: 'password',
      isSecret: true,
    });
  });

  it('takes the JSON key from the option', () => {
    expect(parseReference('/a/b', 'user').jsonKey).toBe('user');
  });

  it.each([
    ['', 'non-empty'],
    ['/a/b/', 'trailing'],
    ['/a//b', '//'],
    ['/a b', 'letters, digits'],
    ['arn:aws:s3:::bucket', 'ARN of the form'],
    ['/a/b#', 'JSON key'],
    ['/a/b:', 'selector'],
    [`/${'x/'.repeat(16)}y`, '15 levels'],
  ])('rejects %j naming the problem', (input, fragment) => {
    expect(() => parseReference(input)).toThrow(TypeError);
    expect(() => parseReference(input)).toThrow(fragment);
  });

  it('refuses a JSON key given twice', () => {
    expect(() => parseReference('/a#x', 'y')).toThrow('once');
  });
});

describe('matchKey', () => {
  it('matches an ARN request to the bare name SSM answers with', () => {
    const reference = parseReference('arn:aws-cn:ssm:cn-north-1:123456789012:parameter/shared/key:prod');
    expect(matchKey(reference.name, reference.selector)).toBe(matchKey('/shared/key', ':prod'));
  });

  it('tells selectors apart', () => {
    expect(matchKey('/a', ':1')).not.toBe(matchKey('/a', ':2'));
  });
});

describe('parsePath', () => {
  it('adds a missing trailing slash', () => {
    expect(parsePath('/myapp/prod')).toBe('/myapp/prod/');
  });

  it('rejects a path without a leading slash', () => {
    expect(() => parsePath('myapp/')).toThrow('starts with `/`');
  });

  it('rejects Secrets Manager paths', () => {
    expect(() => parsePath('/aws/reference/secretsmanager/')).toThrow('name each secret');
  });
});

describe('env references', () => {
  it.each([
    ['ssm:/myapp/db', '/myapp/db'],
    ['ssm:///myapp/db', '/myapp/db'],
    ['ssm:plain', 'plain'],
    ['ssm:arn:aws:ssm:us-east-1:123456789012:parameter/x', 'arn:aws:ssm:us-east-1:123456789012:parameter/x'],
    ['secretsmanager:prod/db#password', '/aws/reference/secretsmanager/prod/db#password'],
  ])('unwraps %s', (value, inner) => {
    expect(unwrapEnvReference(value)).toBe(inner);
  });

  it('leaves ordinary values alone', () => {
    expect(unwrapEnvReference('postgres://db:5432')).toBeUndefined();
    expect(unwrapEnvReference('arn:aws:ssm:us-east-1:123456789012:parameter/x')).toBeUndefined();
  });

  it('finds references in an environment and names a malformed one', () => {
    expect(findEnvReferences({ A: 'ssm:/a', B: 'plain', C: undefined }).map((r) => r.variable)).toEqual([
      'A',
    ]);
    expect(() => findEnvReferences({ BAD: 'ssm:/a b' })).toThrow('BAD');
  });
});
