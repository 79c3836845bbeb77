// Settings (admins only). The commune's profile, office hours, report header, publication schedule
// and staff notification group are edited here and stored in the database (models/repos/settings.ts);
// the environment gives their initial value. The rest (channels, security, database) is shown
// read-only: it changes in .env. Secrets are never shown, only whether they are set.
import type { Request, Response } from 'express';
import cron from 'node-cron';
import { sql } from 'drizzle-orm';
import { channelStatuses } from '../../core/channel-status';
import { EDITABLE_SETTINGS, saveSettings, storedSettingKeys, type SettingKey } from '../../models/repos/settings';
import { DEFAULT_SIGNER, reportSettings } from '../../reports/service';
import { DEFAULT_LOGIN_LIMITS } from '../login-limit';
import { SESSION_MAX_AGE_MS } from '../sessions';
import type { AdminPage } from '../types';
import { adminOf } from '../types';

export const settingsPage: AdminPage = {
  name: 'settings',
  nav: { titleKey: 'nav.settings', path: '/settings', roles: ['admin'], order: 92 },
  mount(r, ctx) {
    const admin = ctx.requireRole('admin');

    const show = async (req: Request, res: Response, opts: { values?: Record<string, string>; problems?: Record<string, string>; status?: number } = {}) => {
      const { t } = adminOf(req);
      const c = ctx.config;
      const stored = await storedSettingKeys(ctx.db);
      // What an unset report line prints (reports/service.ts).
      const placeholders: Partial<Record<SettingKey, string>> = {
        REPORT_PLACE: reportSettings({ ...c, REPORT_PLACE: undefined }).place,
        REPORT_SIGNER_AUTHORITY: DEFAULT_SIGNER.authority,
        REPORT_SIGNER_TITLE: DEFAULT_SIGNER.title,
      };
      const groups = Object.entries(EDITABLE_SETTINGS).map(([group, keys]) => ({
        group,
        fields: keys.map((key) => ({
          key,
          value: opts.values?.[key] ?? String((c as Record<string, unknown>)[key] ?? ''),
          placeholder: placeholders[key] ?? '',
          fromDb: stored.has(key),
          problem: opts.problems?.[key] ?? null,
        })),
      }));
      const yes = (v: boolean) => t(v ? 'settings.yes' : 'settings.no');
      const security = [
        { key: 'ADMIN_SESSION_IDLE_MINUTES', value: String(c.ADMIN_SESSION_IDLE_MINUTES) },
        { key: 'TRUST_PROXY', value: yes(c.TRUST_PROXY) },
        { key: 'session_max_hours', value: String(SESSION_MAX_AGE_MS / 3_600_000) },
        { key: 'lockout', value: t('settings.lockout_value', { failures: DEFAULT_LOGIN_LIMITS.failures, window: DEFAULT_LOGIN_LIMITS.windowMs / 60_000, lock: DEFAULT_LOGIN_LIMITS.lockMs / 60_000 }) },
        { key: 'per_address', value: t('settings.per_address_value', { n: DEFAULT_LOGIN_LIMITS.perIp, window: DEFAULT_LOGIN_LIMITS.windowMs / 60_000 }) },
      ];
      const counted = (await ctx.db.execute(sql`
        select u.role, count(*) filter (where not u.disabled)::int as active, count(*) filter (where u.disabled)::int as disabled,
          (select count(*)::int from admin_sessions s join admin_users x on x.id = s.user_id where x.role = u.role) as sessions
        from admin_users u group by u.role order by u.role`)) as unknown as { rows: { role: string; active: number; disabled: number; sessions: number }[] };
      await ctx.render(req, res, 'settings', {
        groups, security, channels: channelStatuses(c), accounts: counted.rows,
        other: [
          { key: 'PUBLIC_URL', value: c.PUBLIC_URL ?? '—' },
          { key: 'DEFAULT_LANGUAGE', value: c.DEFAULT_LANGUAGE === 'vi' ? 'Tiếng Việt' : 'English' },
          { key: 'DATABASE', value: c.DATABASE_URL ? t('settings.db_postgres') : t('settings.db_pglite', { dir: c.DATA_DIR }) },
        ],
      }, { status: opts.status });
    };

    r.get('/settings', admin, async (req, res) => {
      await show(req, res);
    });

    r.post('/settings', admin, async (req, res) => {
      const { t, user } = adminOf(req);
      const body = req.body as Record<string, unknown>;
      const values: Partial<Record<SettingKey, string>> = {};
      for (const keys of Object.values(EDITABLE_SETTINGS)) for (const k of keys) if (typeof body[k] === 'string') values[k] = body[k] as string;
      const result = await saveSettings(ctx.db, ctx.config, values, user.username, (key, value) =>
        key === 'WEEKLY_PUBLICATION_CRON' && !cron.validate(String(value)) ? t('settings.bad_cron') : null,
      );
      if (!result.ok) {
        const problems = Object.fromEntries(result.problems.map((p) => [p.key, t(`settings.problems.${p.key}`, { defaultValue: t('settings.problem_generic', { problem: p.problem }) })]));
        return show(req, res, { values: values as Record<string, string>, problems, status: 400 });
      }
      await ctx.audit(req, 'settings.edit', null, { keys: result.changed });
      await ctx.flash(req, 'ok', result.changed.length ? t('settings.saved', { count: result.changed.length }) : t('settings.unchanged'));
      res.redirect(303, '/admin/settings');
    });
  },
};
