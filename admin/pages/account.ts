// The signed-in user's own account: change password (required after an admin reset it).
import { HttpError } from '../../core/errors';
import { passwordProblem, verifyPassword } from '../passwords';
import type { AdminPage } from '../types';
import { adminOf } from '../types';
import { findUserById, setPassword } from '../users';
import { createSession, SESSION_COOKIE, sessionCookieOptions } from '../sessions';

export const accountPage: AdminPage = {
  name: 'account',
  mount(r, ctx) {
    r.get('/account/password', async (req, res) => {
      const { t, user } = adminOf(req);
      await ctx.render(req, res, 'account-password', { errors: [], forced: user.mustChangePassword }, { title: t('account.title') });
    });

    r.post('/account/password', async (req, res) => {
      const { t, user, lang } = adminOf(req);
      const body = req.body as Record<string, string | undefined>;
      const current = body.current ?? '';
      const next = body.password ?? '';
      const errors: string[] = [];
      const fresh = await findUserById(ctx.db, user.id);
      if (!fresh) throw new HttpError(401, t('errors.login_required'), 'login_required');
      if (!(await verifyPassword(fresh.passwordHash, current))) errors.push(t('account.wrong_current'));
      const problem = passwordProblem(next);
      if (problem) errors.push(t(problem, { min: 8 }));
      if (next !== (body.confirm ?? '')) errors.push(t('account.mismatch'));
      if (next && next === current) errors.push(t('account.same'));
      if (errors.length) {
        return ctx.render(req, res, 'account-password', { errors, forced: user.mustChangePassword }, { title: t('account.title'), status: 400 });
      }
      // setPassword ends every session of the account; sign this browser in again.
      await setPassword(ctx.db, user.id, next, false);
      await ctx.audit(req, 'account.password', user.username);
      const { token } = await createSession(ctx.db, { ...fresh, mustChangePassword: false }, {
        ip: req.ip, lang, flash: [{ type: 'ok', text: t('account.changed') }],
      });
      res.cookie(SESSION_COOKIE, token, sessionCookieOptions(ctx.config.TRUST_PROXY || req.secure));
      res.redirect(303, '/admin/');
    });
  },
};
