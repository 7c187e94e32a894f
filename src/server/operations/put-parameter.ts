import { constraintError } from '../errors.js';
import { optionalBoolean, optionalString, requiredString } from '../input.js';
import { PARAMETER_TYPES } from '../parameter-store.js';
import type { ParameterType } from '../types.js';
import type { OperationHandler } from './context.js';

export const putParameter: OperationHandler = (body, context) => {
  const name = requiredString(body, 'Name');
  const value = requiredString(body, 'Value');
  const type = optionalString(body, 'Type');
  if (type !== undefined && !(PARAMETER_TYPES as readonly string[]).includes(type)) {
    throw constraintError(
      'type',
      `'${type}'`,
      'Member must satisfy enum value set: [SecureString, StringList, String]',
    );
  }
  const created = context.parameters.put({
    name,
    value,
    type: type as ParameterType | undefined,
    overwrite: optionalBoolean(body, 'Overwrite') ?? false,
    dataType: optionalString(body, 'DataType'),
    tier: optionalString(body, 'Tier'),
    keyId: optionalString(body, 'KeyId'),
  });
  return { Version: created.version, Tier: created.tier };
};
