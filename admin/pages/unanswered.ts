// Unanswered questions: what the assistant could not answer, most frequent first. Staff mark a
// question handled, or attach its phrasing to a procedure as a new alias so the assistant
// answers it from then on.
import { desc, eq, sql } from 'drizzle-orm';
import { HttpError } from '../../core/errors';
import { messages, unansweredQuestions } from '../../models/schema/core';
import { faqEntries } from '../../models/schema/daily';
import { foldedSql } from '../../models/fold-sql';
import { forgetFaq, rankFaq } from '../../knowledge/faq';
import { MAX_FAQ_ANSWER } from './faq';
import { catalog } from '../catalog-bridge';
import type { AdminPage } from '../types';
import { adminOf } from '../types';

// One screen: the long tail of one-off questions is not worth paging through.
const UNANSWERED_PAGE_ROWS = 200;
const STATUSES = ['open', 'handled', 'aliased', 'answered'] as const;
// Conversations shown around a question, and messages on each side of it.
const SHOWN_CONVERSATIONS = 3;
const CONTEXT_MESSAGES = 4;
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

    // The question in the conversations it was asked in, and a free answer (commune Q&A).
    r.get('/unanswered/:id', staff, async (req, res) => {
      const { t } = adminOf(req);
      const row = await find(req.params.id);
      if (!row) throw new HttpError(404, t('errors.not_found'), 'not_found');
      // The engine stores the folded text: find the messages whose folded text is the same.
      const found = (await ctx.db.execute(sql`
        select id, channel, user_id as "userId" from messages
        where direction = 'in' and trim(regexp_replace(${foldedSql(messages.text)}, '[[:space:]]+', ' ', 'g')) = ${row.normalized}
        order by created_at desc, id desc limit ${SHOWN_CONVERSATIONS}`)) as unknown as { rows: { id: number; channel: string; userId: string }[] };
      const conversations = [];
      for (const hit of found.rows) {
        const around = (await ctx.db.execute(sql`
          (select id, direction, text, created_at as "createdAt" from messages where channel = ${hit.channel} and user_id = ${hit.userId} and id <= ${hit.id} order by id desc limit ${CONTEXT_MESSAGES + 1})
          union all
          (select id, direction, text, created_at as "createdAt" from messages where channel = ${hit.channel} and user_id = ${hit.userId} and id > ${hit.id} order by id asc limit ${CONTEXT_MESSAGES})
          order by id`)) as unknown as { rows: { id: number; direction: string; text: string | null; createdAt: string }[] };
        conversations.push({ channel: hit.channel, messages: around.rows.map((m) => ({ ...m, asked: m.id === hit.id })) });
      }
      await ctx.render(req, res, 'unanswered-detail', { row, conversations, maxAnswer: MAX_FAQ_ANSWER }, { title: t('unanswered.detail_title') });
    });

    r.post('/unanswered/:id/answer', staff, async (req, res) => {
      const { t, user } = adminOf(req);
      const row = await find(req.params.id);
      if (!row) throw new HttpError(404, t('errors.not_found'), 'not_found');
      const b = req.body as Record<string, unknown>;
      const answer = typeof b.answer === 'string' ? b.answer.trim() : '';
      const question = (typeof b.question === 'string' && b.question.trim()) || row.text;
      const variants = typeof b.variants === 'string' ? b.variants.trim().slice(0, 2000) : '';
      if (!answer || answer.length > MAX_FAQ_ANSWER) {
        await ctx.flash(req, 'error', t('unanswered.answer_empty', { max: MAX_FAQ_ANSWER }));
        return res.redirect(303, `/admin/unanswered/${row.id}`);
      }
      const [entry] = await ctx.db.insert(faqEntries).values({ question: question.slice(0, 300), variants, answer, fromUnanswered: row.id, updatedBy: user.username }).returning();
      await ctx.db.update(unansweredQuestions).set({ status: 'answered' }).where(eq(unansweredQuestions.id, row.id));
      forgetFaq(ctx.db);
      await ctx.audit(req, 'unanswered.answer', String(row.id), { faq: entry!.id });
      // Say at once if the citizen's own wording would still not find the answer.
      if (rankFaq(row.text, [entry!]).length) await ctx.flash(req, 'ok', t('unanswered.free_answered'));
      else await ctx.flash(req, 'error', t('unanswered.answer_not_matching'));
      res.redirect(303, '/admin/unanswered');
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
