import { LocalSsmError } from '../errors.js';
import { optionalBoolean, stringList } from '../input.js';
import { compareNames } from '../parameter-store.js';
import type { OperationHandler, ParameterResponse } from './context.js';
import { accessDeniedFor, resolveRequestedName } from './resolve-name.js';

const MAX_NAMES = 10;

/** Errors that put a name in InvalidParameters instead of failing the whole call. */
const INVALID_PARAMETER_ERRORS = new Set([
  'ParameterNotFound',
  'ParameterVersionNotFound',
  'ValidationException',
]);

export const getParameters: OperationHandler = (body, context) => {
  const names = [...new Set(stringList(body, 'Names', 1, MAX_NAMES))];
  const withDecryption = optionalBoolean(body, 'WithDecryption') ?? false;
  // IAM evaluates the whole request: one denied name fails the call.
  for (const name of names) {
    const denied = accessDeniedFor(name, 'ssm:GetParameters', context);
    if (denied) throw denied;
  }
  const parameters: ParameterResponse[] = [];
  const invalidParameters: string[] = [];
  for (const name of names) {
    try {
      parameters.push(resolveRequestedName(name, withDecryption, context));
    } catch (error) {
      if (!(error instanceof LocalSsmError) || !INVALID_PARAMETER_ERRORS.has(error.type)) throw error;
      // Unknown names come back as requested, selector and ARN included.
      invalidParameters.push(name);
    }
  }
  parameters.sort((a, b) => compareNames(a.Name, b.Name));
  return { Parameters: parameters, InvalidParameters: invalidParameters };
};
