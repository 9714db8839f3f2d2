/** What a new password or PIN must be, checked by the form as the operator types and enforced by core. */
export type SecretKind = 'password' | 'pin';
export type SecretProblem = 'secret.pin_short' | 'secret.password_short' | 'secret.too_long';

export const MIN_PIN_DIGITS = 6;
export const MIN_PASSWORD_LENGTH = 8;

/** All digits is a PIN (at least 6), anything else a password (at least 8 characters). */
export const secretKind = (secret: string): SecretKind => (/^\d+$/.test(secret) ? 'pin' : 'password');

/** Why a new secret is refused, or null when it is acceptable. */
export function secretProblem(secret: string): SecretProblem | null {
  if (secret.length > 200) return 'secret.too_long';
  if (secretKind(secret) === 'pin') return secret.length < MIN_PIN_DIGITS ? 'secret.pin_short' : null;
  return [...secret].length < MIN_PASSWORD_LENGTH ? 'secret.password_short' : null;
}
