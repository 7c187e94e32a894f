/**
 * String literals for the configuration languages the CLI writes: HCL (Terraform) and YAML (SAM/CloudFormation).
 * Values of plain configuration go into static environment variables, so they must come out byte for byte.
 */

const controlEscape = (character: string): string =>
  `\\u${character.charCodeAt(0).toString(16).padStart(4, '0')}`;

/**
 * A Terraform quoted string: `\` `"` and control characters escaped, and `${` / `%{` doubled so a value is never
 * read as an interpolation or a template directive.
 */
export const hclString = (value: string): string => {
  const escaped = value
    .replace(/\\/g, '\\\\')
    .replace(/"/g, '\\"')
    .replace(/\n/g, '\\n')
    .replace(/\r/g, '\\r')
    .replace(/\t/g, '\\t')
    // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what this escapes.
    .replace(/[\u0000-\u001f\u007f]/g, controlEscape)
    .replace(/\$\{/g, () => '$${')
    .replace(/%\{/g, '%%{');
  return `"${escaped}"`;
};

/**
 * A YAML double-quoted scalar. JSON string syntax is valid YAML there; the characters JSON leaves raw but YAML does
 * not allow or would fold (DEL, C1 controls with NEL, the line and paragraph separators, BOM) are escaped too.
 */
export const yamlString = (value: string): string =>
  JSON.stringify(value).replace(/[\u007f-\u009f\u2028\u2029\ufeff]/g, controlEscape);
