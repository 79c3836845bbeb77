// Signing in and out: the login form (its own CSRF token, admin/middleware/csrf.ts), the lock per
// account and source with backoff (admin/login-limit.ts), the session cookie, and the audit rows.
import type { CookieOptions, Request, Response, Router } from 'express';
import { HttpError } from '../../core/errors';
import { logger } from '../../core/logger';
import type { Db } from '../../models/db';
import { audit } from '../audit';
import { checkLoginAllowed, purgeOldAttempts, recordLoginAttempt, type LoginLimits } from '../login-limit';
import { burnVerify, verifyPassword } from '../passwords';
import { ADMIN_BASE, adminT } from '../render';
import { createSession, destroySession, purgeIdleSessions, SESSION_COOKIE } from '../sessions';
import { findUserByUsername, normalizeUsername, touchLogin } from '../users';
import type { RenderOptions } from '../types';
import { PRELOGIN_COOKIE, preloginToken, preloginTokenMatches } from './csrf';
import { langOf, safeNext } from './redirects';

export interface LoginDeps {
  db: Db;
  limits: LoginLimits;
  idleMinutes: number;
  cookieOptions(req: Request): CookieOptions;
  render(req: Request, res: Response, view: string, data?: Record<string, unknown>, opts?: RenderOptions): Promise<void>;
  /** Marks a request as audited by its route (the safety net then skips it). */
  audited(req: Request): void;
}

const minutesUntil = (until: Date) => Math.max(1, Math.ceil((until.getTime() - Date.now()) / 60_000));

/** GET and POST /login: open to everyone, so mounted before the signed-in gate. */
export function mountLogin(r: Router, deps: LoginDeps): void {
  const { db, limits } = deps;

  const showLogin = async (req: Request, res: Response, opts: { error?: string; status?: number; username?: string } = {}) => {
    res.locals.preloginCsrf = preloginToken(req, res, deps.cookieOptions(req));
    const lang = langOf(req.query.lang ?? req.body?.lang);
    await deps.render(req, res, 'login', {
      error: opts.error, username: opts.username ?? '', next: safeNext(req.query.next ?? req.body?.next), lang,
    }, { title: adminT(lang)('login.title'), status: opts.status });
  };

  r.get('/login', async (req, res) => {
    if (req.admin) return res.redirect(303, safeNext(req.query.next));
    await showLogin(req, res);
  });

  r.post('/login', async (req, res) => {
    const body = (req.body ?? {}) as Record<string, unknown>;
    const t = adminT(langOf(body.lang));
    if (!preloginTokenMatches(req, body._csrf)) throw new HttpError(403, t('errors.csrf'), 'csrf');
    const username = normalizeUsername(String(body.username ?? '')).slice(0, 64);
    const password = String(body.password ?? '');
    const ip = req.ip ?? 'unknown';
    if (!username || !password) return showLogin(req, res, { error: t('login.missing'), status: 400, username });

    const gate = await checkLoginAllowed(db, username, ip, limits);
    if (!gate.ok) {
      // Counted for the address (so hammering a locked name hits the per-address limit) but not for
      // the name (the lock must end on time). Logged, not audited: the lock itself was audited.
      await recordLoginAttempt(db, '', ip, false);
      logger.warn({ reason: gate.reason }, 'admin login refused while locked or rate limited');
      const key = gate.reason === 'locked' ? 'login.locked' : 'login.rate_limited';
      return showLogin(req, res, { error: t(key, { minutes: minutesUntil(gate.until) }), status: 429, username });
    }

    const user = await findUserByUsername(db, username);
    const ok = user && !user.disabled ? await verifyPassword(user.passwordHash, password) : (await burnVerify(password), false);
    await recordLoginAttempt(db, username, ip, ok);
    if (!ok || !user) {
      await audit(db, { actor: username, action: 'login.failed', target: username, ip, details: user?.disabled ? { disabled: true } : {} });
      const after = await checkLoginAllowed(db, username, ip, limits);
      if (!after.ok && after.reason === 'locked') {
        await audit(db, { actor: username, action: 'login.lock', target: username, ip });
        return showLogin(req, res, { error: t('login.locked', { minutes: minutesUntil(after.until) }), status: 429, username });
      }
      return showLogin(req, res, { error: t('login.wrong'), status: 401, username });
    }

    await purgeIdleSessions(db, deps.idleMinutes);
    await purgeOldAttempts(db);
    const { token } = await createSession(db, user, { ip, lang: langOf(body.lang) });
    await touchLogin(db, user.id);
    await audit(db, { actor: user, action: 'login.ok', target: user.username, ip });
    res.cookie(SESSION_COOKIE, token, deps.cookieOptions(req));
    res.clearCookie(PRELOGIN_COOKIE, { path: ADMIN_BASE });
    logger.info({ userId: user.id, role: user.role }, 'admin login');
    res.redirect(303, user.mustChangePassword ? `${ADMIN_BASE}/account/password` : safeNext(body.next));
  });
}

/** POST /logout: behind the signed-in gate and the CSRF check. */
export function mountLogout(r: Router, deps: LoginDeps): void {
  r.post('/logout', async (req, res) => {
    const { user, session } = req.admin!;
    await destroySession(deps.db, session.id);
    deps.audited(req);
    await audit(deps.db, { actor: user, action: 'logout', target: user.username, ip: req.ip });
    res.clearCookie(SESSION_COOKIE, { path: ADMIN_BASE });
    res.redirect(303, `${ADMIN_BASE}/login`);
  });
}
