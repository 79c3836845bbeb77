// Settings (admins only), read-only: what this server runs with. Values come from the environment
// (bot/config.ts, .env.example) and change there; secrets are never shown, only whether they are set.
import { sql } from 'drizzle-orm';
import { channelStatuses } from '../../core/channel-status';
import { DEFAULT_LOGIN_LIMITS } from '../login-limit';
import { SESSION_MAX_AGE_MS } from '../sessions';
import type { AdminPage } from '../types';

export const settingsPage: AdminPage = {
  name: 'settings',
  nav: { titleKey: 'nav.settings', path: '/settings', roles: ['admin'], order: 92 },
  mount(r, ctx) {
    r.get('/settings', ctx.requireRole('admin'), async (req, res) => {
      const c = ctx.config;
      const office = [
        ['COMMUNE_NAME', c.COMMUNE_NAME], ['OFFICE_ADDRESS', c.OFFICE_ADDRESS], ['OFFICE_PHONE', c.OFFICE_PHONE ?? '—'],
        ['OFFICE_HOURS', c.OFFICE_HOURS], ['OFFICE_DAYS', c.OFFICE_DAYS], ['PUBLIC_URL', c.PUBLIC_URL ?? '—'],
        ['DEFAULT_LANGUAGE', c.DEFAULT_LANGUAGE],
      ];
      const security = [
        ['ADMIN_SESSION_IDLE_MINUTES', String(c.ADMIN_SESSION_IDLE_MINUTES)],
        ['TRUST_PROXY', String(c.TRUST_PROXY)],
        ['session_max_hours', String(SESSION_MAX_AGE_MS / 3_600_000)],
        ['lockout', `${DEFAULT_LOGIN_LIMITS.failures} / ${DEFAULT_LOGIN_LIMITS.windowMs / 60_000} min → ${DEFAULT_LOGIN_LIMITS.lockMs / 60_000} min`],
        ['per_address', `${DEFAULT_LOGIN_LIMITS.perIp} / ${DEFAULT_LOGIN_LIMITS.windowMs / 60_000} min`],
      ];
      const counted = (await ctx.db.execute(sql`
        select u.role, count(*) filter (where not u.disabled)::int as active, count(*) filter (where u.disabled)::int as disabled,
          (select count(*)::int from admin_sessions s join admin_users x on x.id = s.user_id where x.role = u.role) as sessions
        from admin_users u group by u.role order by u.role`)) as unknown as { rows: { role: string; active: number; disabled: number; sessions: number }[] };
      await ctx.render(req, res, 'settings', {
        office, security, channels: channelStatuses(c), accounts: counted.rows,
        database: c.DATABASE_URL ? 'PostgreSQL (DATABASE_URL)' : `PGlite (DATA_DIR=${c.DATA_DIR})`,
      });
    });
  },
};
