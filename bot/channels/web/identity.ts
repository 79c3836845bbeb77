// Web chat identities. The server issues each chat a random id and signs it (HMAC-SHA256), so a
// client can no longer choose an id: not another citizen's (to read their answers on the stream), and
// not a fresh one per message (to escape the limits). docs/security.md.
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { parse as parseCookies } from 'cookie';
import type { Request } from 'express';

/** The cookie the page carries its identity in (HttpOnly: the page's scripts never need it). */
export const WEBCHAT_COOKIE = 'motcua_chat';
// 128 random bits: not guessable; 128 bits of signature: not forgeable.
const RANDOM_BYTES = 16;
const SIGNATURE_CHARS = 22;
// "w_<random>.<signature>": the random part is what the server made (or a test's name, see sign()).
const ID_RE = /^w_([A-Za-z0-9_-]{1,64})\.([A-Za-z0-9_-]{22})$/;
// A conversation lasts; the cookie outlives a browser restart (a year, as most chat widgets keep theirs).
export const COOKIE_MAX_AGE_MS = 365 * 24 * 3600 * 1000;

// Ids whose signature was checked, kept so a chat's next messages skip the HMAC (about 1.4 % of a web chat
// turn's CPU, issue 17 bench:profile): only ids that verified, matched whole, oldest forgotten first.
const VERIFIED_KEPT = 10_000;

export class WebIdentities {
  private readonly verified = new Set<string>();

  constructor(private readonly secret: string) {}

  /** A new identity. */
  issue(): string {
    return this.sign(randomBytes(RANDOM_BYTES).toString('base64url'));
  }

  /** The signed id of a given random part (tests name their citizens with it). */
  sign(random: string): string {
    if (!/^[A-Za-z0-9_-]{1,64}$/.test(random)) throw new Error('identity: random part must be 1-64 of A-Z a-z 0-9 _ -');
    return `w_${random}.${this.signature(random)}`;
  }

  /** The id when the server signed it, else null. */
  verify(id: unknown): string | null {
    if (typeof id !== 'string') return null;
    if (this.verified.has(id)) return id;
    const m = ID_RE.exec(id);
    if (!m) return null;
    const expected = Buffer.from(this.signature(m[1]!));
    const given = Buffer.from(m[2]!);
    if (expected.length !== given.length || !timingSafeEqual(expected, given)) return null;
    if (this.verified.size >= VERIFIED_KEPT) this.verified.delete(this.verified.values().next().value!);
    this.verified.add(id);
    return id;
  }

  /**
   * The identity a request presents: the `userId` it names (body or query) or else the cookie's.
   * `absent` when it names none; `invalid` when the one it names is not signed by this server.
   */
  fromRequest(req: Request): { userId: string } | { absent: true } | { invalid: true } {
    const named = bodyOrQueryUserId(req) ?? readCookie(req.headers.cookie, WEBCHAT_COOKIE);
    if (named === undefined || named === '') return { absent: true };
    if (typeof named !== 'string') return { invalid: true };
    const userId = this.verify(named);
    return userId ? { userId } : { invalid: true };
  }

  private signature(random: string): string {
    return createHmac('sha256', this.secret).update(`webchat-identity:${random}`).digest('base64url').slice(0, SIGNATURE_CHARS);
  }
}

/** WEBCHAT_SECRET, or a key made now (identities then last until the next restart). */
export function webchatSecret(configured: string | undefined, warn: (msg: string) => void): string {
  if (configured) return configured;
  warn('WEBCHAT_SECRET is not set: a key was made for this run; web chat identities will not survive a restart (set it in the environment)');
  return randomBytes(32).toString('hex');
}

function bodyOrQueryUserId(req: Request): unknown {
  const fromBody = (req.body as { userId?: unknown } | undefined)?.userId;
  if (typeof fromBody === 'string') return fromBody.trim();
  if (fromBody !== undefined && fromBody !== null) return fromBody;
  const fromQuery = req.query?.userId;
  return typeof fromQuery === 'string' ? fromQuery.trim() : undefined;
}

/** One cookie of a request, parsed by the `cookie` library; a malformed header gives none. */
function readCookie(header: string | undefined, name: string): string | undefined {
  if (!header) return undefined;
  try {
    return parseCookies(header)[name];
  } catch {
    return undefined;
  }
}
