import type { SsmOperation } from '../types.js';
import type { OperationHandler } from './context.js';
import { deleteParameter, deleteParameters } from './delete-parameters.js';
import { getParameter } from './get-parameter.js';
import { getParameters } from './get-parameters.js';
import { getParametersByPath } from './get-parameters-by-path.js';
import { labelParameterVersion } from './label-parameter-version.js';
import { putParameter } from './put-parameter.js';

export type { OperationContext, OperationHandler } from './context.js';

/** The operations the server answers, keyed by the name in `X-Amz-Target: AmazonSSM.<name>`. */
export const OPERATIONS: Readonly<Record<SsmOperation, OperationHandler>> = {
  GetParameter: getParameter,
  GetParameters: getParameters,
  GetParametersByPath: getParametersByPath,
  PutParameter: putParameter,
  DeleteParameter: deleteParameter,
  DeleteParameters: deleteParameters,
  LabelParameterVersion: labelParameterVersion,
};

export function isSsmOperation(name: string): name is SsmOperation {
  return Object.hasOwn(OPERATIONS, name);
}
