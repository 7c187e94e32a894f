import { optionalBoolean, requiredString } from '../input.js';
import type { OperationHandler } from './context.js';
import { accessDeniedFor, resolveRequestedName } from './resolve-name.js';

export const getParameter: OperationHandler = (body, context) => {
  const name = requiredString(body, 'Name');
  const withDecryption = optionalBoolean(body, 'WithDecryption') ?? false;
  const denied = accessDeniedFor(name, 'ssm:GetParameter', context);
  if (denied) throw denied;
  return { Parameter: resolveRequestedName(name, withDecryption, context) };
};
