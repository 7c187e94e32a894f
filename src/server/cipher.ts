import { createCipheriv, randomBytes } from 'node:crypto';

/**
 * Stands in for KMS: SecureString values are really encrypted (AES-256-GCM, a key per server), so a read without
 * decryption returns an opaque base64 blob, as AWS does, and can never leak the plaintext.
 */
export function createCipher(): (plaintext: string) => string {
  const key = randomBytes(32);
  return (plaintext) => {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', key, iv);
    const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
    return Buffer.concat([iv, body, cipher.getAuthTag()]).toString('base64');
  };
}
