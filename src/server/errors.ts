/**
 * An SSM error as the service sends it over AWS JSON 1.1: `__type`, `message`, an HTTP status, and any extra members
 * (ThrottlingException carries `QuotaCode` and `ServiceCode`). The in-process API throws it too.
 */
export class LocalSsmError extends Error {
  override readonly name = 'LocalSsmError';

  constructor(
    /** The AWS error type, e.g. `ParameterNotFound`; the SDK picks its exception class by it. */
    readonly type: string,
    message: string,
    readonly status = 400,
    readonly extra: Readonly<Record<string, string>> = {},
  ) {
    super(message);
  }
}

export const SECRET_REFERENCE_SELECTOR_SYNTAX =
  'Invalid parameter name. Please use correct syntax for referencing a version/label  <name>:<version/label>';

export function validationError(message: string): LocalSsmError {
  return new LocalSsmError('ValidationException', message);
}

/** The "1 validation error detected" form AWS uses for constraint violations on request members. */
export function constraintError(member: string, value: string, constraint: string): LocalSsmError {
  return validationError(
    `1 validation error detected: Value ${value} at '${member}' failed to satisfy constraint: ${constraint}`,
  );
}

export function missingMemberError(member: string): LocalSsmError {
  return constraintError(member, 'null', 'Member must not be null');
}

export function parameterNotFound(name: string): LocalSsmError {
  return new LocalSsmError('ParameterNotFound', `Parameter ${name} not found.`);
}

export function parameterVersionNotFound(name: string, version: number | string): LocalSsmError {
  return new LocalSsmError(
    'ParameterVersionNotFound',
    `Systems Manager could not find version ${version} of ${name}. Verify the version and try again.`,
  );
}

export function throttlingError(quotaCode: string): LocalSsmError {
  return new LocalSsmError('ThrottlingException', 'Rate exceeded', 400, {
    QuotaCode: quotaCode,
    ServiceCode: 'ssm',
  });
}

export function internalServerError(): LocalSsmError {
  return new LocalSsmError('InternalServerError', 'An internal error occurred. Try again.', 500);
}

export function serviceUnavailableError(): LocalSsmError {
  return new LocalSsmError('ServiceUnavailable', 'Service Unavailable', 503);
}

export function invalidKeyIdError(): LocalSsmError {
  return new LocalSsmError(
    'InvalidKeyId',
    'The query key ID is not valid: the KMS key used to encrypt this parameter is disabled or not accessible.',
  );
}

/** The message IAM gives for an explicit deny, naming the principal, action and resource. */
export function accessDeniedError(principalArn: string, action: string, resourceArn: string): LocalSsmError {
  return new LocalSsmError(
    'AccessDeniedException',
    `User: ${principalArn} is not authorized to perform: ${action} on resource: ${resourceArn} with an explicit deny in an identity-based policy`,
  );
}

/**
 * A body over the server's cap. AWS's common errors list `RequestEntityTooLargeException` (HTTP 413, "The request
 * entity is too large") for every service; SSM and Secrets Manager document no byte limit of their own.
 */
export function requestTooLargeError(maxBytes: number): LocalSsmError {
  return new LocalSsmError(
    'RequestEntityTooLargeException',
    `The request entity is too large: this server accepts request bodies of at most ${maxBytes} bytes.`,
    413,
  );
}
