// Who is signed in: the session cookie → a live session (admin/sessions.ts) → req.admin; and the
// gates behind it: anonymous requests go to the login, a user whose password was reset chooses a
// new one before anything else.
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { HttpError } from '../../core/errors';
import type { Db } from '../../models/db';
import { ADMIN_BASE, adminT } from '../render';
import { loadSession, SESSION_COOKIE } from '../sessions';
import { cookieOf } from './cookies';
import { langOf, refererPath, safeNext } from './redirects';

/** Sets req.admin when the request carries a live session (idle sessions have expired). */
export function loadSignedIn(db: Db, idleMinutes: number): RequestHandler {
  return async (req, _res, next) => {
    const found = await loadSession(db, cookieOf(req, SESSION_COOKIE), idleMinutes);
    if (found) {
      const lang = langOf(found.session.lang);
      req.admin = { user: found.user, session: found.session, lang, t: adminT(lang) };
    }
    next();
  };
}

/** Everything after this needs a signed-in user. */
export function requireSignedIn(): RequestHandler {
  return (req: Request, res: Response, next: NextFunction) => {
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
  };
}

// What a user who must change their password may still reach.
const BEFORE_NEW_PASSWORD = ['/account/password', '/logout', '/lang'];

/** A user whose password was reset by an admin chooses a new one before anything else. */
export function requireOwnPassword(): RequestHandler {
  return (req, res, next) => {
    if (req.admin!.user.mustChangePassword && !BEFORE_NEW_PASSWORD.includes(req.path)) {
      return res.redirect(303, `${ADMIN_BASE}/account/password`);
    }
    next();
  };
}
