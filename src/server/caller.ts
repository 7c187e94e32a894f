/** Who made a call: the access key id from a SigV4 `Authorization` header (`Credential=AKID/date/...`). */
export function callerOf(authorization: string | undefined): string {
  const match = /Credential=([^/,\s]+)\//.exec(authorization ?? '');
  return match?.[1] ?? 'anonymous';
}
