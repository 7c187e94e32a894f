import { optionalInteger, requiredString, stringList } from '../input.js';
import type { OperationHandler } from './context.js';

export const labelParameterVersion: OperationHandler = (body, context) => {
  const name = requiredString(body, 'Name');
  const labels = stringList(body, 'Labels', 1, 10);
  const result = context.parameters.label(name, labels, optionalInteger(body, 'ParameterVersion'));
  return { InvalidLabels: result.invalidLabels, ParameterVersion: result.version };
};
