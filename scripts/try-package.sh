#!/usr/bin/env bash
# Tries the package as a new user would: pack it, install the tarball with its peers into an empty project, then
# type-check and run the README's quick start there (against the package's own local SSM server) and the CLI.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

cd "$root"
tarball="$(npm pack --silent --pack-destination "$work" | tail -n 1)"

cd "$work"
cat > package.json <<'JSON'
{ "name": "try-middy-ssm-env", "private": true, "type": "module" }
JSON
npm install --prefer-offline --no-audit --no-fund --loglevel=error \
  "./$tarball" @middy/core@7 @aws-sdk/client-ssm@3 typescript@5.9 @types/node@20 >/dev/null

cp "$root/examples/quickstart.ts" handler.ts
cat > tsconfig.json <<'JSON'
{ "compilerOptions": { "target": "ES2023", "module": "NodeNext", "moduleResolution": "NodeNext", "strict": true,
  "skipLibCheck": true, "types": ["node"], "outDir": "out" }, "files": ["handler.ts", "check.ts", "policy.ts"] }
JSON
cat > check.ts <<'TS'
import { startLocalSsm } from 'middy-ssm-env/testing';

const ssm = await startLocalSsm({
  seed: {
    parameters: [
      { name: '/myapp/prod/secrets/database-password', value: 'pw', type: 'SecureString' },
      { name: '/myapp/prod/config/db-host', value: 'db.internal' },
    ],
  },
});
process.env.AWS_ENDPOINT_URL_SSM = ssm.endpoint;
process.env.AWS_REGION ??= 'us-east-1';
process.env.AWS_ACCESS_KEY_ID ??= 'AKIDTRY';
process.env.AWS_SECRET_ACCESS_KEY ??= 'secret';
const { handler } = await import('./handler.js');
const response = await handler({}, { getRemainingTimeInMillis: () => 10_000 } as never);
await ssm.close();
if (response.body !== 'connecting to db.internal (password set: true)') {
  throw new Error(`unexpected response: ${JSON.stringify(response)}`);
}
console.log('quick start ran from the installed tarball:', response.body);
TS
cat > policy.ts <<'TS'
import { buildPolicy, partitionOfRegion, type PolicyDocument } from 'middy-ssm-env/policy';

const policy: PolicyDocument = buildPolicy({
  targets: ['ssm:/myapp/prod/secrets/database-password', '/myapp/prod/config/'],
  scope: { partition: partitionOfRegion('us-east-1'), region: 'us-east-1', account: '123456789012' },
});
const actions = policy.Statement.flatMap((statement) => statement.Action);
if (!actions.includes('ssm:GetParameters') || !actions.includes('ssm:GetParametersByPath')) {
  throw new Error(`unexpected policy: ${JSON.stringify(policy)}`);
}
console.log('policy built from the installed tarball:', actions.join(', '));
TS
./node_modules/.bin/tsc -p tsconfig.json
AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED=true node out/check.js
node out/policy.js
./node_modules/.bin/middy-ssm-env --help >/dev/null
echo "CLI runs from the installed tarball"
