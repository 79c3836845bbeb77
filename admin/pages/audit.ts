// The audit log (admins only): logins and every change made in the admin, newest first, in the
// reader's language (action codes stay in the data-action attribute and the filter's values).
import { recentAudit } from '../audit';
import type { AdminPage } from '../types';
import { adminOf } from '../types';

// One screen of history; older rows stay in the table (export with SQL when needed).
const AUDIT_PAGE_ROWS = 300;

export const auditPage: AdminPage = {
  name: 'audit',
  nav: { titleKey: 'nav.audit', path: '/audit', roles: ['admin'], order: 95 },
  mount(r, ctx) {
    r.get('/audit', ctx.requireRole('admin'), async (req, res) => {
      const { t } = adminOf(req);
      const action = typeof req.query.action === 'string' && /^[a-z._]{1,64}$/.test(req.query.action) ? req.query.action : undefined;
      const rows = await recentAudit(ctx.db, { limit: AUDIT_PAGE_ROWS, action });
      // Every action with a label, for the filter (the label table is the list of known actions).
      const tree = t('audit.actions', { returnObjects: true }) as unknown as Record<string, unknown>;
      const actions = flatten(tree).map((code) => ({ code, label: t(`audit.actions.${code}`) }));
      const label = (code: string) => {
        const l = t(`audit.actions.${code}`, { defaultValue: '' });
        return typeof l === 'string' && l ? l : code;
      };
      const details = (d: Record<string, unknown> | null) =>
        Object.entries(d ?? {})
          .map(([k, v]) => `${t(`audit.details_keys.${k}`, { defaultValue: k })}: ${Array.isArray(v) ? v.join(', ') : typeof v === 'object' && v !== null ? JSON.stringify(v) : String(v)}`)
          .join('; ');
      await ctx.render(req, res, 'audit', { rows, action: action ?? '', actions, label, details });
    });
  },
};

function flatten(tree: Record<string, unknown>, prefix = ''): string[] {
  return Object.entries(tree).flatMap(([k, v]) => (typeof v === 'string' ? [prefix + k] : flatten(v as Record<string, unknown>, `${prefix}${k}.`)));
}
