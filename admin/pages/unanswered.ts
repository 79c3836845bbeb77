// Unanswered questions: what the assistant could not answer, most frequent first. Staff mark a
// question handled, or attach its phrasing to a procedure as a new alias so the assistant
// answers it from then on.
import { desc, eq, sql } from 'drizzle-orm';
import { HttpError } from '../../core/errors';
import { unansweredQuestions } from '../../models/schema/core';
import { catalog } from '../catalog-bridge';
import type { AdminPage } from '../types';
import { adminOf } from '../types';

// One screen: the long tail of one-off questions is not worth paging through.
const UNANSWERED_PAGE_ROWS = 200;
const STATUSES = ['open', 'handled', 'aliased'] as const;
type Status = (typeof STATUSES)[number];

export const unansweredPage: AdminPage = {
  name: 'unanswered',
  nav: { titleKey: 'nav.unanswered', path: '/unanswered', roles: ['admin', 'staff'], order: 30 },
  mount(r, ctx) {
    const staff = ctx.requireRole('admin', 'staff');

    const find = async (id: unknown) => {
      if (!/^\d{1,9}$/.test(String(id))) return undefined;
      const [row] = await ctx.db.select().from(unansweredQuestions).where(eq(unansweredQuestions.id, Number(id)));
      return row;
    };

    r.get('/unanswered', staff, async (req, res) => {
      const status: Status | 'all' = (STATUSES as readonly string[]).includes(String(req.query.status))
        ? (req.query.status as Status)
        : req.query.status === 'all' ? 'all' : 'open';
      const q = ctx.db.select().from(unansweredQuestions);
      const rows = await (status === 'all' ? q : q.where(eq(unansweredQuestions.status, status)))
        .orderBy(desc(unansweredQuestions.count), desc(unansweredQuestions.lastAskedAt))
        .limit(UNANSWERED_PAGE_ROWS);
      const counted = (await ctx.db.execute(sql`
        select status, count(*)::int as n from unanswered_questions group by status`)) as unknown as { rows: { status: string; n: number }[] };
      const counts = Object.fromEntries(counted.rows.map((c) => [c.status, Number(c.n)]));
      const procedures = await catalog.options(ctx.db);
      await ctx.render(req, res, 'unanswered', { rows, status, statuses: STATUSES, procedures, counts });
    });

    r.post('/unanswered/:id/handled', staff, async (req, res) => {
      const { t } = adminOf(req);
      const row = await find(req.params.id);
      if (!row) throw new HttpError(404, t('errors.not_found'), 'not_found');
      const reopen = (req.body as Record<string, string | undefined>).reopen === '1';
      await ctx.db.update(unansweredQuestions).set({ status: reopen ? 'open' : 'handled' }).where(eq(unansweredQuestions.id, row.id));
      await ctx.audit(req, reopen ? 'unanswered.reopen' : 'unanswered.handled', String(row.id), { count: row.count });
      await ctx.flash(req, 'ok', t(reopen ? 'unanswered.reopened' : 'unanswered.handled_done'));
      res.redirect(303, '/admin/unanswered');
    });

    r.post('/unanswered/:id/alias', staff, async (req, res) => {
      const { t } = adminOf(req);
      const row = await find(req.params.id);
      if (!row) throw new HttpError(404, t('errors.not_found'), 'not_found');
      const body = req.body as Record<string, string | undefined>;
      // The list offers "code — name"; accept the code alone too.
      const code = String(body.procedure ?? '').split(/\s+[—-]\s+/)[0]!.trim();
      const alias = String(body.alias ?? row.text).trim();
      if (!code || !(await catalog.exists(ctx.db, code))) {
        await ctx.flash(req, 'error', t('unanswered.unknown_procedure', { code }));
        return res.redirect(303, '/admin/unanswered');
      }
      if (!alias) {
        await ctx.flash(req, 'error', t('unanswered.empty_alias'));
        return res.redirect(303, '/admin/unanswered');
      }
      const added = await catalog.addAlias(ctx.db, code, alias);
      await ctx.db.update(unansweredQuestions).set({ status: 'aliased', procedureCode: code }).where(eq(unansweredQuestions.id, row.id));
      await ctx.audit(req, 'catalog.alias', code, { alias, from: 'unanswered', question: row.id, added });
      // Normalisation drops openers and filler words, so a phrasing made only of them can stay
      // unrecognised even as an alias: tell staff at once rather than let them believe it works.
      if (await catalog.recognises(ctx.db, row.text, code)) {
        await ctx.flash(req, 'ok', t('unanswered.aliased', { code }));
      } else {
        await ctx.flash(req, 'ok', t('unanswered.aliased_only', { code }));
        await ctx.flash(req, 'error', t('unanswered.not_recognised', { code }));
      }
      res.redirect(303, '/admin/unanswered');
    });
  },
};
