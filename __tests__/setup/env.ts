// Tests never reach AWS: give the SDK static credentials and a region so it never looks for real ones.
process.env.AWS_ACCESS_KEY_ID ??= 'AKIDTEST';
process.env.AWS_SECRET_ACCESS_KEY ??= 'test-secret-key';
process.env.AWS_REGION ??= 'us-east-1';
// The SDK warns once per process that Node 20 support ends in 2027; CI runs the suite on Node 22 as well.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
