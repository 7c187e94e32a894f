// Tests never reach AWS: give the SDK static credentials and a region so it never looks for real ones.
process.env.AWS_ACCESS_KEY_ID ??= 'AKIDTEST';
process.env.AWS_SECRET_ACCESS_KEY ??= 'test-secret-key';
process.env.AWS_REGION ??= 'us-east-1';
