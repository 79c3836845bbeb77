// The admin web at /admin: the layout and the pages of admin/pages/index.ts (plus any passed in
// deps.pages), each mounted behind the middleware of admin/middleware/: who is signed in, the login,
// the CSRF check, the audit safety net.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import express, { type CookieOptions, type NextFunction, type Request, type Response, type Router } from 'express';
import type { Config } from '../core/config';
import { HttpError } from '../core/errors';
import { logger } from '../core/logger';
import type { Db } from '../models/db';
import { audit } from './audit';
import { DEFAULT_LOGIN_LIMITS, type LoginLimits } from './login-limit';
import { adminPages } from './pages';
import { ADMIN_BASE, adminT, renderPage } from './render';
import { addFlash, sessionCookieOptions, setSessionLang } from './sessions';
import type { AdminContext, AdminPage, RenderOptions } from './types';
import type { AdminRole } from './users';
import { auditSafetyNet } from './middleware/audit-net';
import { csrfCheck } from './middleware/csrf';
import { mountLogin, mountLogout, type LoginDeps } from './middleware/login';
import { langOf, safeNext } from './middleware/redirects';
import { loadSignedIn, requireOwnPassword, requireSignedIn } from './middleware/session';

const PUBLIC_DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), 'public');

export interface AdminDeps {
  db: Db;
  config: Config;
  /** Pages in addition to admin/pages/index.ts (tests, optional modules). */
  pages?: AdminPage[];
  /** Login limits; defaults to DEFAULT_LOGIN_LIMITS. */
  limits?: Partial<LoginLimits>;
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

  const login: LoginDeps = { db, limits, idleMinutes, cookieOptions, render, audited: (req) => auditedRequests.add(req) };
  const r = express.Router();
  r.use('/static', express.static(PUBLIC_DIR, { maxAge: '1h', index: false }));
  r.use(loadSignedIn(db, idleMinutes));
  mountLogin(r, login);
  // Everything below requires a signed-in user, a CSRF token on changes, and an audit row for each.
  r.use(requireSignedIn());
  r.use(csrfCheck());
  r.use(auditSafetyNet(db, auditedRequests));
  r.use(requireOwnPassword());
  mountLogout(r, login);

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
