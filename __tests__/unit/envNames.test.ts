import { defaultEnvName, isReservedEnvName, relativeName, sanitizeKey } from '../../src/inject/envNames.js';

describe('defaultEnvName', () => {
  it('upper-cases the part below the path', () => {
    expect(defaultEnvName('/myapp/prod/secrets/database-password', '/myapp/prod/secrets/')).toBe(
      'DATABASE_PASSWORD',
    );
  });

  it('keeps nested segments, joined by _', () => {
    expect(defaultEnvName('/myapp/prod/db/read.replica-host', '/myapp/prod/')).toBe('DB_READ_REPLICA_HOST');
  });

  it('adds a prefix', () => {
    expect(defaultEnvName('/myapp/prod/port', '/myapp/prod/', 'APP_')).toBe('APP_PORT');
  });

  it('guards a leading digit', () => {
    expect(defaultEnvName('/myapp/2fa-key', '/myapp/')).toBe('_2FA_KEY');
  });
});

describe('isReservedEnvName', () => {
  it.each([
    'AWS_REGION',
    'AWS_LAMBDA_FUNCTION_NAME',
    'LAMBDA_TASK_ROOT',
    '_HANDLER',
    '_X_AMZN_TRACE_ID',
    'TZ',
  ])('reserves %s', (name) => {
    expect(isReservedEnvName(name)).toBe(true);
  });

  it('allows ordinary names', () => {
    expect(isReservedEnvName('DATABASE_URL')).toBe(false);
  });
});

describe('relativeName and sanitizeKey', () => {
  it('strips the path', () => {
    expect(relativeName('/a/b/c/d', '/a/b/')).toBe('c/d');
  });

  it('sanitizes as @middy/ssm does, keeping case', () => {
    expect(sanitizeKey('db/Host-name')).toBe('db_Host_name');
    expect(sanitizeKey('1key')).toBe('_1key');
  });
});
