import { parameterNotFound } from '../errors.js';
import { requiredString, stringList } from '../input.js';
import type { OperationHandler } from './context.js';

export const deleteParameter: OperationHandler = (body, context) => {
  const name = requiredString(body, 'Name');
  if (!context.parameters.delete(name)) throw parameterNotFound(name);
  return {};
};

export const deleteParameters: OperationHandler = (body, context) => {
  const names = stringList(body, 'Names', 1, 10);
  const deleted: string[] = [];
  const invalid: string[] = [];
  for (const name of names) (context.parameters.delete(name) ? deleted : invalid).push(name);
  return { DeletedParameters: deleted, InvalidParameters: invalid };
};
