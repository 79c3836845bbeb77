// The audit log (admins only): logins and every change made in the admin, newest first.
import { recentAudit } from '../audit';
import type { AdminPage } from '../types';

// One screen of history; older rows stay in the table (export with SQL when needed).
const AUDIT_PAGE_ROWS = 300;

export const auditPage: AdminPage = {
  name: 'audit',
  nav: { titleKey: 'nav.audit', path: '/audit', roles: ['admin'], order: 95 },
  mount(r, ctx) {
    r.get('/audit', ctx.requireRole('admin'), async (req, res) => {
      const action = typeof req.query.action === 'string' && /^[a-z._]{1,64}$/.test(req.query.action) ? req.query.action : undefined;
      const rows = await recentAudit(ctx.db, { limit: AUDIT_PAGE_ROWS, action });
      await ctx.render(req, res, 'audit', { rows, action: action ?? '' });
    });
  },
};
