/**
 * Spotting SecureStrings read without decryption. `aws ssm get-parameters-by-path` without `--with-decryption`
 * returns each SecureString's value as its KMS ciphertext blob in base64, and every KMS symmetric blob starts with
 * the same header bytes (01 02 02 00 …), so the text starts with `AQICAH`: for example
 * `AQICAHh1cV16RSGz…AAAAZjBkBgkqhkiG9w0BBwagVzBV…==`. A `.env` of those would hand the app ciphertext for passwords.
 */

/** The `AQICAH` header, then base64 only, 64 characters or more (a real blob, even of one byte, is over 150). */
const KMS_CIPHERTEXT = /^AQICAH[A-Za-z0-9+/]{58,}={0,2}$/;

/** True when `value` has the shape of a KMS ciphertext blob in base64 (never true of a decrypted value in practice). */
export const looksLikeKmsCiphertext = (value: string): boolean => KMS_CIPHERTEXT.test(value);
