// Moderator passwords: argon2id with OWASP's recommended parameters
// (m = 19 MiB, t = 2, p = 1). Each sign-in in progress holds m of memory, and
// the process keeps its high-water mark: the 19 MiB variant keeps a burst of
// sign-ins (or a brute-force attempt, until the rate limit stops it) cheap
// for an instance that also holds thousands of sockets.
//
// The native module loads on the first sign-in, not at start.
const argon2 = () => import('argon2').then((m) => m.default);
const ARGON2_COSTS = { memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;
export const MIN_PASSWORD_LENGTH = 12;
export const MAX_PASSWORD_LENGTH = 1024;

export async function hashPassword(password: string): Promise<string> {
  const a = await argon2();
  return a.hash(password, { type: a.argon2id, ...ARGON2_COSTS });
}

export async function verifyPassword(hash: string, password: string): Promise<boolean> {
  try {
    return await (await argon2()).verify(hash, password);
  } catch {
    return false;
  }
}

let dummy: Promise<string> | undefined;
/**
 * A hash to verify against when the email is unknown, so that an unknown
 * email and a wrong password take the same time.
 */
export const dummyHash = () => (dummy ??= hashPassword('parley-dummy-password-for-timing'));
