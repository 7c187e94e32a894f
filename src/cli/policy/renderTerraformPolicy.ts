/**
 * A policy document as Terraform's `data "aws_iam_policy_document"`, one `statement` block per statement, so it
 * slots into an existing module (`policy = data.aws_iam_policy_document.middy_ssm_env.json`).
 */
import { hclString } from '../render/escape.js';
import type { PolicyDocument, PolicyStatement } from './buildPolicy.js';

const list = (items: readonly string[], indent: string): string[] =>
  items.length === 1
    ? [`[${hclString(items[0] as string)}]`]
    : ['[', ...items.map((item) => `${indent}  ${hclString(item)},`), `${indent}]`];

/** `key = value` where the value may span lines (a list). */
const attribute = (indent: string, key: string, width: number, value: readonly string[]): string[] => {
  const [first, ...rest] = value;
  return [`${indent}${key.padEnd(width)} = ${first ?? ''}`, ...rest];
};

const statementBlock = (statement: PolicyStatement): string[] => {
  const indent = '    ';
  const lines = [
    '  statement {',
    ...attribute(indent, 'sid', 9, [hclString(statement.Sid)]),
    ...attribute(indent, 'effect', 9, [hclString(statement.Effect)]),
    ...attribute(indent, 'actions', 9, list(statement.Action, indent)),
    ...attribute(indent, 'resources', 9, list(statement.Resource, indent)),
  ];
  for (const [test, variables] of Object.entries(statement.Condition ?? {})) {
    for (const [variable, values] of Object.entries(variables)) {
      lines.push(
        '',
        `${indent}condition {`,
        ...attribute(`${indent}  `, 'test', 8, [hclString(test)]),
        ...attribute(`${indent}  `, 'variable', 8, [hclString(variable)]),
        ...attribute(`${indent}  `, 'values', 8, list(values, `${indent}  `)),
        `${indent}}`,
      );
    }
  }
  lines.push('  }');
  return lines;
};

/** The Terraform text, one string per line. */
export function renderTerraformPolicy(policy: PolicyDocument, name = 'middy_ssm_env'): string[] {
  const blocks = policy.Statement.map(statementBlock);
  return [
    `data "aws_iam_policy_document" "${name}" {`,
    ...blocks.flatMap((block, index) => (index === 0 ? block : ['', ...block])),
    '}',
  ];
}
