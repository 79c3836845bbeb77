// Password hashing with argon2id, at the OWASP Password Storage Cheat Sheet setting
// (19 MiB, 2 passes, 1 lane): the library default (64 MiB, 3 passes, 4 lanes) took ~2 s per login
// on a loaded 2-core office machine and made the login form itself a denial-of-service lever.
// Stored hashes carry their own parameters, so raising these later keeps old passwords valid.
import type argon2T from 'argon2';

// argon2 (a native addon) is loaded at the first sign-in or password change, not at every start.
let loaded: Promise<typeof argon2T> | undefined;
const argon2 = () => (loaded ??= import('argon2').then((m) => m.default));

const ARGON2_OPTIONS = { memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

// NIST SP 800-63B §5.1.1.2: at least 8 characters; 128 caps hashing cost for absurd inputs.
export const PASSWORD_MIN_LENGTH = 8;
export const PASSWORD_MAX_LENGTH = 128;

export async function hashPassword(password: string): Promise<string> {
  const a = await argon2();
  return a.hash(password, { ...ARGON2_OPTIONS, type: a.argon2id });
}

export async function verifyPassword(hash: string, password: string): Promise<boolean> {
  try {
    return await (await argon2()).verify(hash, password);
  } catch {
    return false;
  }
}

// Verifying against a throw-away hash when the user does not exist keeps the response time the
// same, so the login form does not reveal which usernames exist.
let dummyHash: Promise<string> | undefined;
export async function burnVerify(password: string): Promise<void> {
  dummyHash ??= hashPassword('not-a-real-password-' + Math.random());
  await verifyPassword(await dummyHash, password);
}

/** Returns an i18n key describing what is wrong with the password, or null when acceptable. */
export function passwordProblem(password: string): string | null {
  if (password.length < PASSWORD_MIN_LENGTH) return 'admin:users.password_too_short';
  if (password.length > PASSWORD_MAX_LENGTH) return 'admin:users.password_too_long';
  return null;
}

/** A random password that is easy to read out or type (no 0/O, 1/l/I). */
export function generatePassword(length = 12): string {
  const alphabet = 'abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789';
  const bytes = new Uint8Array(length);
  crypto.getRandomValues(bytes);
  return Array.from(bytes, (b) => alphabet[b % alphabet.length]).join('');
}
