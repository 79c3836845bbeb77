// Where the admin may send a browser back to, and the display language a request asks for.
import { ADMIN_BASE } from '../render';

/** Only paths inside the admin are accepted as a place to return to (no open redirect). */
export function safeNext(next: unknown): string {
  if (typeof next === 'string' && next.startsWith(ADMIN_BASE + '/') && !next.startsWith('//') && !next.includes('\\')) return next;
  return ADMIN_BASE + '/';
}

/** The admin path of the page a form was sent from (same host only), or null. */
export function refererPath(referer: string | undefined, host: string | undefined): string | null {
  if (!referer || !host) return null;
  try {
    const u = new URL(referer);
    if (u.host !== host) return null;
    const p = u.pathname + u.search;
    return safeNext(p) === p && !u.pathname.startsWith(ADMIN_BASE + '/login') ? p : null;
  } catch {
    return null;
  }
}

export function langOf(v: unknown): 'vi' | 'en' {
  return v === 'en' ? 'en' : 'vi';
}
