// The admin web at /admin: login/logout, DB sessions, CSRF on every form, login rate limit and
// lock-out, the layout, and the pages of admin/pages/index.ts (plus any passed in deps.pages).
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import express, { type CookieOptions, type NextFunction, type Request, type Response, type Router } from 'express';
import type { Config } from '../core/config';
import { HttpError } from '../core/errors';
import { logger } from '../core/logger';
import type { Db } from '../models/db';
import { audit } from './audit';
import { checkLoginAllowed, DEFAULT_LOGIN_LIMITS, purgeOldAttempts, recordLoginAttempt, type LoginLimits } from './login-limit';
import { burnVerify, verifyPassword } from './passwords';
import { adminPages } from './pages';
import { ADMIN_BASE, adminT, renderPage } from './render';
import {
  addFlash, createSession, destroySession, sessionCookieOptions, loadSession, purgeIdleSessions, randomToken, sameToken, SESSION_COOKIE,
  setSessionLang,
} from './sessions';
import type { AdminContext, AdminPage, RenderOptions } from './types';
import { findUserByUsername, normalizeUsername, touchLogin, type AdminRole } from './users';

const PUBLIC_DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), 'public');
// Cookie holding the CSRF token of the login form (no session exists yet): double-submit.
const PRELOGIN_COOKIE = 'tl_admin_pre';

export interface AdminDeps {
  db: Db;
  config: Config;
  /** Pages in addition to admin/pages/index.ts (tests, optional modules). */
  pages?: AdminPage[];
  /** Login limits; defaults to DEFAULT_LOGIN_LIMITS. */
  limits?: Partial<LoginLimits>;
}

export function parseCookies(header: string | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  if (!header) return out;
  for (const part of header.split(';')) {
    const i = part.indexOf('=');
    if (i < 0) continue;
    const k = part.slice(0, i).trim();
    try {
      out[k] = decodeURIComponent(part.slice(i + 1).trim());
    } catch {
      // A malformed cookie is ignored rather than failing the request.
    }
  }
  return out;
}

/** Only paths inside the admin are accepted as a place to return to (no open redirect). */
function safeNext(next: unknown): string {
  if (typeof next === 'string' && next.startsWith(ADMIN_BASE + '/') && !next.startsWith('//') && !next.includes('\\')) return next;
  return ADMIN_BASE + '/';
}

/** The admin path of the page a form was sent from (same host only), or null. */
function refererPath(referer: string | undefined, host: string | undefined): string | null {
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

function langOf(v: unknown): 'vi' | 'en' {
  return v === 'en' ? 'en' : 'vi';
}

export function createAdminRouter(deps: AdminDeps): Router {
  const { db, config } = deps;
  const limits: LoginLimits = { ...DEFAULT_LOGIN_LIMITS, ...deps.limits };
  const pages: AdminPage[] = [...adminPages, ...(deps.pages ?? [])];
  const idleMinutes = config.ADMIN_SESSION_IDLE_MINUTES;

  const cookieOptions = (req: Request): CookieOptions => sessionCookieOptions(config.TRUST_PROXY || req.secure);

  const render = async (req: Request, res: Response, view: string, data: Record<string, unknown> = {}, opts: RenderOptions = {}) => {
    const lang = req.admin?.lang ?? langOf(req.query.lang);
    await renderPage({
      req, res, view, data, opts, pages, db, lang,
      csrfToken: req.admin?.session.csrfToken ?? String(res.locals.preloginCsrf ?? ''),
      communeName: config.COMMUNE_NAME,
      livePollMs: config.ADMIN_LIVE_POLL_SECONDS * 1000,
    });
  };

  // Requests whose page wrote its own audit row (the safety net below skips them).
  const auditedRequests = new WeakSet<Request>();

  const ctx: AdminContext = {
    db,
    config,
    render,
    async flash(req, type, text) {
      if (req.admin) await addFlash(db, req.admin.session.id, { type, text });
    },
    skipAudit(req) {
      auditedRequests.add(req);
    },
    async audit(req, action, target, details) {
      auditedRequests.add(req);
      await audit(db, { actor: req.admin?.user ?? null, action, target, details, ip: req.ip });
    },
    requireRole(...roles: AdminRole[]) {
      return (req: Request, _res: Response, next: NextFunction) => {
        const user = req.admin?.user;
        if (!user) return next(new HttpError(401, adminT('vi')('errors.login_required'), 'login_required'));
        if (!roles.includes(user.role)) return next(new HttpError(403, adminT(req.admin!.lang)('errors.forbidden'), 'forbidden'));
        next();
      };
    },
    pages: () => pages,
  };

  const r = express.Router();
  r.use('/static', express.static(PUBLIC_DIR, { maxAge: '1h', index: false }));

  // Who is signed in (if anyone).
  r.use(async (req, _res, next) => {
    const token = parseCookies(req.headers.cookie)[SESSION_COOKIE];
    const found = await loadSession(db, token, idleMinutes);
    if (found) {
      const lang = langOf(found.session.lang);
      req.admin = { user: found.user, session: found.session, lang, t: adminT(lang) };
    }
    next();
  });

  // ---- login / logout ----
  const showLogin = async (req: Request, res: Response, opts: { error?: string; status?: number; username?: string } = {}) => {
    let pre = parseCookies(req.headers.cookie)[PRELOGIN_COOKIE];
    if (!pre || pre.length > 100) {
      pre = randomToken();
      res.cookie(PRELOGIN_COOKIE, pre, { ...cookieOptions(req), sameSite: 'strict' });
    }
    res.locals.preloginCsrf = pre;
    const lang = langOf(req.query.lang ?? req.body?.lang);
    await render(req, res, 'login', {
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
    if (!sameToken(String(body._csrf ?? ''), parseCookies(req.headers.cookie)[PRELOGIN_COOKIE])) {
      throw new HttpError(403, t('errors.csrf'), 'csrf');
    }
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
      const minutes = Math.max(1, Math.ceil((gate.until.getTime() - Date.now()) / 60_000));
      return showLogin(req, res, { error: t(gate.reason === 'locked' ? 'login.locked' : 'login.rate_limited', { minutes }), status: 429, username });
    }

    const user = await findUserByUsername(db, username);
    const ok = user && !user.disabled ? await verifyPassword(user.passwordHash, password) : (await burnVerify(password), false);
    await recordLoginAttempt(db, username, ip, ok);
    if (!ok || !user) {
      await audit(db, { actor: username, action: 'login.failed', target: username, ip, details: user?.disabled ? { disabled: true } : {} });
      const after = await checkLoginAllowed(db, username, ip, limits);
      if (!after.ok && after.reason === 'locked') {
        await audit(db, { actor: username, action: 'login.lock', target: username, ip });
        const minutes = Math.ceil(limits.lockMs / 60_000);
        return showLogin(req, res, { error: t('login.locked', { minutes }), status: 429, username });
      }
      return showLogin(req, res, { error: t('login.wrong'), status: 401, username });
    }

    await purgeIdleSessions(db, idleMinutes);
    await purgeOldAttempts(db);
    const { token } = await createSession(db, user, { ip, lang: langOf(body.lang) });
    await touchLogin(db, user.id);
    await audit(db, { actor: user, action: 'login.ok', target: user.username, ip });
    res.cookie(SESSION_COOKIE, token, cookieOptions(req));
    res.clearCookie(PRELOGIN_COOKIE, { path: ADMIN_BASE });
    logger.info({ userId: user.id, role: user.role }, 'admin login');
    res.redirect(303, user.mustChangePassword ? `${ADMIN_BASE}/account/password` : safeNext(body.next));
  });

  // ---- everything below requires a signed-in user ----
  r.use((req, res, next) => {
    if (req.admin) return next();
    if (req.method === 'GET' || req.method === 'HEAD') {
      return res.redirect(303, `${ADMIN_BASE}/login?next=${encodeURIComponent(req.originalUrl)}`);
    }
    // A form sent after the session expired: back to the login, then to the page the form was on,
    // where admin.js puts the typed text back (drafts). Script calls (JSON) get a plain 401.
    // admin.js adds the page's own address to each form as _back (helmet sends no Referer).
    const back = String(((req.body ?? {}) as Record<string, unknown>)._back ?? '');
    const from = back && safeNext(back) === back && !back.startsWith(ADMIN_BASE + '/login') ? back : refererPath(req.get('referer'), req.get('host'));
    if (req.accepts(['html', 'json']) === 'html' && from) {
      return res.redirect(303, `${ADMIN_BASE}/login?expired=1&next=${encodeURIComponent(from)}`);
    }
    next(new HttpError(401, adminT('vi')('errors.login_required'), 'login_required'));
  });

  // CSRF: every state-changing request carries the session's token, in the form field _csrf
  // (or the X-CSRF-Token header). Multipart uploads put it in the query string, because the
  // body is parsed by the route after this check.
  r.use((req, _res, next) => {
    if (req.method === 'GET' || req.method === 'HEAD' || req.method === 'OPTIONS') return next();
    const body = (req.body ?? {}) as Record<string, unknown>;
    const multipart = req.is('multipart/form-data') === 'multipart/form-data';
    const sent = String(body._csrf ?? req.get('x-csrf-token') ?? (multipart ? req.query._csrf ?? '' : ''));
    if (!sameToken(sent, req.admin!.session.csrfToken)) {
      logger.warn({ userId: req.admin!.user.id, path: req.path }, 'admin request without a valid CSRF token refused');
      return next(new HttpError(403, req.admin!.t('errors.csrf'), 'csrf'));
    }
    next();
  });

  // Safety net for "every change is audited": a successful POST whose page wrote no audit row of
  // its own still leaves one (method and path; ids only, never form contents).
  r.use((req, res, next) => {
    if (req.method !== 'POST') return next();
    res.on('finish', () => {
      if (auditedRequests.has(req) || res.statusCode >= 400 || !req.admin) return;
      audit(db, { actor: req.admin.user, action: 'request.post', target: req.originalUrl.split('?')[0]!.slice(0, 200), ip: req.ip, details: { status: res.statusCode } })
        .catch((err) => logger.error({ err }, 'audit of an admin request failed'));
    });
    next();
  });

  // A user whose password was reset by an admin chooses a new one before anything else.
  r.use((req, res, next) => {
    const allowed = ['/account/password', '/logout', '/lang'];
    if (req.admin!.user.mustChangePassword && !allowed.includes(req.path)) {
      return res.redirect(303, `${ADMIN_BASE}/account/password`);
    }
    next();
  });

  r.post('/logout', async (req, res) => {
    const { user, session } = req.admin!;
    await destroySession(db, session.id);
    auditedRequests.add(req);
    await audit(db, { actor: user, action: 'logout', target: user.username, ip: req.ip });
    res.clearCookie(SESSION_COOKIE, { path: ADMIN_BASE });
    res.redirect(303, `${ADMIN_BASE}/login`);
  });

  r.post('/lang', async (req, res) => {
    const lang = langOf((req.body as Record<string, unknown>).lang);
    auditedRequests.add(req); // a display preference, not a change to audit
    await setSessionLang(db, req.admin!.session.id, lang);
    res.redirect(303, safeNext((req.body as Record<string, unknown>).next));
  });

  for (const page of pages) page.mount(r, ctx);

  r.use(async (req, res) => {
    await render(req, res, 'error', { message: req.admin!.t('errors.not_found') }, { status: 404, title: req.admin!.t('errors.not_found_title') });
  });

  // Errors under /admin become an HTML page (the rest of the server answers JSON).
  r.use(async (err: unknown, req: Request, res: Response, _next: NextFunction) => {
    let status = 500;
    const t = req.admin?.t ?? adminT('vi');
    let message = t('errors.internal');
    if (err instanceof HttpError) {
      status = err.status;
      message = err.message;
    } else if (typeof (err as { status?: unknown })?.status === 'number' && (err as { status: number }).status < 500) {
      status = (err as { status: number }).status;
      message = t('errors.bad_request');
    } else {
      logger.error({ err, path: req.path }, 'admin request failed');
    }
    if (res.headersSent) return;
    try {
      await render(req, res, 'error', { message, status }, { status, title: t('errors.title') });
    } catch (e) {
      logger.error({ err: e }, 'admin error page failed');
      res.status(status).type('text').send(message);
    }
  });

  const outer = express.Router();
  outer.use(ADMIN_BASE, r);
  return outer;
}
