/** Values that must never be printed, and everything the package printed or threw during the current test. */
export const secretValues = new Set<string>();
export const capturedText: string[] = [];

export const registerSecret = (value: string): string => {
  secretValues.add(value);
  return value;
};

export const resetCapture = (): void => {
  capturedText.length = 0;
};

/** Records an error with its whole cause chain and any failure list, for the leak check. */
export const captureError = (error: unknown): void => {
  let current: unknown = error;
  for (let depth = 0; current !== undefined && depth < 10; depth++) {
    if (current instanceof Error) {
      capturedText.push(current.message, current.stack ?? '');
      const failures = (current as { failures?: unknown }).failures;
      if (failures) capturedText.push(JSON.stringify(failures));
      current = current.cause;
    } else {
      capturedText.push(String(current));
      current = undefined;
    }
  }
};

/** The registered secret values that appear in `text`. */
export const findLeaks = (text: string): string[] =>
  [...secretValues].filter((secret) => text.includes(secret));
