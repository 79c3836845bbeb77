// User management (admins only): create, disable/enable, reset password, change role.
import { HttpError } from '../../core/errors';
import { clearFailures } from '../login-limit';
import { generatePassword, passwordProblem, PASSWORD_MIN_LENGTH } from '../passwords';
import type { AdminPage } from '../types';
import { adminOf } from '../types';
import {
  ADMIN_ROLES, countActiveAdmins, createAdminUser, findUserById, isRole, listUsers, normalizeUsername, setDisabled,
  setPassword, setRole, USERNAME_PATTERN, type AdminUser,
} from '../users';

export const usersPage: AdminPage = {
  name: 'users',
  nav: { titleKey: 'nav.users', path: '/users', roles: ['admin'], order: 90 },
  mount(r, ctx) {
    const onlyAdmins = ctx.requireRole('admin');

    const show = async (req: Parameters<typeof ctx.render>[0], res: Parameters<typeof ctx.render>[1], extra: Record<string, unknown> = {}, status = 200) => {
      const users = await listUsers(ctx.db);
      await ctx.render(req, res, 'users', {
        users, roles: ADMIN_ROLES, errors: [], form: { username: '', displayName: '', role: 'staff' }, ...extra,
      }, { status });
    };

    const target = async (id: string | string[] | undefined): Promise<AdminUser> => {
      const user = /^\d{1,9}$/.test(String(id)) ? await findUserById(ctx.db, Number(id)) : undefined;
      if (!user) throw new HttpError(404, 'not found', 'not_found');
      return user;
    };

    /** Refuses a change that would leave no active admin (nobody could manage users any more). */
    const keepsAnAdmin = async (user: AdminUser, after: { role?: string; disabled?: boolean }) => {
      const stillAdmin = (after.role ?? user.role) === 'admin' && !(after.disabled ?? user.disabled);
      const wasActiveAdmin = user.role === 'admin' && !user.disabled;
      return stillAdmin || !wasActiveAdmin || (await countActiveAdmins(ctx.db)) > 1;
    };

    r.get('/users', onlyAdmins, async (req, res) => {
      await show(req, res);
    });

    r.post('/users', onlyAdmins, async (req, res) => {
      const { t } = adminOf(req);
      const body = req.body as Record<string, string | undefined>;
      const username = normalizeUsername(body.username ?? '');
      const displayName = (body.displayName ?? '').trim().slice(0, 100);
      const role = body.role;
      let password = body.password ?? '';
      const generated = !password;
      if (generated) password = generatePassword();
      const errors: string[] = [];
      if (!USERNAME_PATTERN.test(username)) errors.push(t('users.bad_username'));
      if (!isRole(role)) errors.push(t('users.bad_role'));
      const problem = passwordProblem(password);
      if (problem) errors.push(t(problem, { min: PASSWORD_MIN_LENGTH }));
      if (!errors.length) {
        try {
          const user = await createAdminUser(ctx.db, { username, role: role as AdminUser['role'], password, displayName, mustChangePassword: true });
          await ctx.audit(req, 'user.create', user.username, { role: user.role });
          // A generated password is shown once on this page and never stored (no flash row).
          if (generated) return show(req, res, { notice: t('users.created_with_password', { username, password }) });
          await ctx.flash(req, 'ok', t('users.created', { username }));
          return res.redirect(303, '/admin/users');
        } catch (e) {
          errors.push((e as Error).name === 'UserExistsError' ? t('users.exists', { username }) : t('users.bad_username'));
        }
      }
      await show(req, res, { errors, form: { username, displayName, role } }, 400);
    });

    r.post('/users/:id/role', onlyAdmins, async (req, res) => {
      const { t } = adminOf(req);
      const user = await target(req.params.id);
      const role = (req.body as Record<string, string | undefined>).role;
      if (!isRole(role)) throw new HttpError(400, t('users.bad_role'), 'bad_role');
      if (!(await keepsAnAdmin(user, { role }))) {
        await ctx.flash(req, 'error', t('users.last_admin'));
      } else if (role !== user.role) {
        await setRole(ctx.db, user.id, role);
        await ctx.audit(req, 'user.role', user.username, { from: user.role, to: role });
        await ctx.flash(req, 'ok', t('users.role_changed', { username: user.username, role: t(`roles.${role}`) }));
      }
      res.redirect(303, '/admin/users');
    });

    r.post('/users/:id/disable', onlyAdmins, async (req, res) => {
      const { t, user: me } = adminOf(req);
      const user = await target(req.params.id);
      const disabled = (req.body as Record<string, string | undefined>).disabled !== '0';
      if (disabled && user.id === me.id) {
        await ctx.flash(req, 'error', t('users.not_yourself'));
      } else if (!(await keepsAnAdmin(user, { disabled }))) {
        await ctx.flash(req, 'error', t('users.last_admin'));
      } else if (disabled !== user.disabled) {
        await setDisabled(ctx.db, user.id, disabled);
        await ctx.audit(req, disabled ? 'user.disable' : 'user.enable', user.username);
        await ctx.flash(req, 'ok', t(disabled ? 'users.disabled_done' : 'users.enabled_done', { username: user.username }));
      }
      res.redirect(303, '/admin/users');
    });

    r.post('/users/:id/reset-password', onlyAdmins, async (req, res) => {
      const { t } = adminOf(req);
      const user = await target(req.params.id);
      const password = generatePassword();
      // The user must choose a new password at the next login; all their sessions end now.
      await setPassword(ctx.db, user.id, password, true);
      await clearFailures(ctx.db, user.username);
      await ctx.audit(req, 'user.reset_password', user.username);
      // Shown once on this page, never stored.
      await show(req, res, { notice: t('users.reset_done', { username: user.username, password }) });
    });
  },
};
