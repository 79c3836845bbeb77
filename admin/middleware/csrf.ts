// CSRF. Signed in: every state-changing request carries the session's token, in the form field
// _csrf (or the X-CSRF-Token header); multipart uploads put it in the query string, because the
// body is parsed by the route after this check. Before login (no session yet): double submit, a
// random token in a strict cookie and in the login form.
import type { CookieOptions, Request, RequestHandler, Response } from 'express';
import { HttpError } from '../../core/errors';
import { logger } from '../../core/logger';
import { randomToken, sameToken } from '../sessions';
import { cookieOf } from './cookies';

// Cookie holding the CSRF token of the login form.
export const PRELOGIN_COOKIE = 'tl_admin_pre';
// A longer cookie than randomToken() makes was not set by us: a new one replaces it.
const MAX_TOKEN_LENGTH = 100;

/** Refuses a signed-in user's POST (PUT, DELETE …) without the session's token. */
export function csrfCheck(): RequestHandler {
  return (req, _res, next) => {
    if (req.method === 'GET' || req.method === 'HEAD' || req.method === 'OPTIONS') return next();
    const body = (req.body ?? {}) as Record<string, unknown>;
    const multipart = req.is('multipart/form-data') === 'multipart/form-data';
    const sent = String(body._csrf ?? req.get('x-csrf-token') ?? (multipart ? req.query._csrf ?? '' : ''));
    if (!sameToken(sent, req.admin!.session.csrfToken)) {
      logger.warn({ userId: req.admin!.user.id, path: req.path }, 'admin request without a valid CSRF token refused');
      return next(new HttpError(403, req.admin!.t('errors.csrf'), 'csrf'));
    }
    next();
  };
}

/** The login form's token: the cookie's, or a new one set now. */
export function preloginToken(req: Request, res: Response, cookie: CookieOptions): string {
  let token = cookieOf(req, PRELOGIN_COOKIE);
  if (!token || token.length > MAX_TOKEN_LENGTH) {
    token = randomToken();
    res.cookie(PRELOGIN_COOKIE, token, { ...cookie, sameSite: 'strict' });
  }
  return token;
}

/** Whether the login form came back with the token of its cookie. */
export function preloginTokenMatches(req: Request, sent: unknown): boolean {
  return sameToken(String(sent ?? ''), cookieOf(req, PRELOGIN_COOKIE));
}
