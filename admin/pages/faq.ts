// Commune questions and answers (hỏi đáp của xã): information that is not a procedure, written by
// staff and answered by the assistant when nothing else matches (knowledge/faq.ts). A "try it" box
// shows which entry a citizen's wording would get.
import { eq } from 'drizzle-orm';
import { HttpError } from '../../core/errors';
import { activeFaq, forgetFaq, rankFaq } from '../../knowledge/faq';
import { faqEntries } from '../../models/schema/daily';
import type { AdminPage } from '../types';
import { adminOf } from '../types';

// An answer fits one chat message on every platform (Messenger's 2000-character cap).
export const MAX_FAQ_ANSWER = 2000;
const MAX_FAQ_QUESTION = 300;
const MAX_FAQ_VARIANTS = 2000;
const str = (v: unknown) => (typeof v === 'string' ? v.trim() : '');

export const faqPage: AdminPage = {
  name: 'faq',
  nav: { titleKey: 'faq.nav', path: '/faq', roles: ['admin', 'staff'], order: 32 },
  mount(r, ctx) {
    const staff = ctx.requireRole('admin', 'staff');

    r.get('/faq', staff, async (req, res) => {
      const { t } = adminOf(req);
      const rows = await ctx.db.select().from(faqEntries).orderBy(faqEntries.id);
      const probe = str(req.query.try).slice(0, 300);
      const matches = probe ? rankFaq(probe, await activeFaq(ctx.db)).slice(0, 3).map((m) => ({ id: m.entry.id, question: m.entry.question, score: Math.round(m.score * 100) })) : null;
      await ctx.render(req, res, 'faq', { rows, probe, matches, max: { q: MAX_FAQ_QUESTION, v: MAX_FAQ_VARIANTS, a: MAX_FAQ_ANSWER } }, { title: t('faq.title') });
    });

    r.post('/faq', staff, async (req, res) => {
      const { t, user } = adminOf(req);
      const b = req.body as Record<string, unknown>;
      const question = str(b.question);
      const answer = str(b.answer);
      const variants = str(b.variants);
      if (!question || !answer || question.length > MAX_FAQ_QUESTION || answer.length > MAX_FAQ_ANSWER || variants.length > MAX_FAQ_VARIANTS) {
        await ctx.flash(req, 'error', t('faq.invalid', { q: MAX_FAQ_QUESTION, a: MAX_FAQ_ANSWER }));
        return res.redirect(303, '/admin/faq');
      }
      // The edit form has an on/off box (unchecked sends nothing); a new entry is on.
      const active = b.edit_active === '1' ? b.active === '1' : true;
      const id = str(b.id);
      if (id) {
        if (!/^\d{1,9}$/.test(id)) throw new HttpError(404, t('errors.not_found'), 'not_found');
        const done = await ctx.db.update(faqEntries).set({ question, answer, variants, active, updatedBy: user.username, updatedAt: new Date() }).where(eq(faqEntries.id, Number(id))).returning({ id: faqEntries.id });
        if (!done.length) throw new HttpError(404, t('errors.not_found'), 'not_found');
        await ctx.audit(req, 'faq.edit', id);
      } else {
        const [row] = await ctx.db.insert(faqEntries).values({ question, answer, variants, active, updatedBy: user.username }).returning({ id: faqEntries.id });
        await ctx.audit(req, 'faq.add', String(row!.id));
      }
      forgetFaq(ctx.db);
      await ctx.flash(req, 'ok', t('faq.saved', { question }));
      res.redirect(303, '/admin/faq');
    });

    r.post('/faq/:id/delete', staff, async (req, res) => {
      const { t } = adminOf(req);
      const id = String(req.params.id);
      const [row] = /^\d{1,9}$/.test(id) ? await ctx.db.delete(faqEntries).where(eq(faqEntries.id, Number(id))).returning() : [];
      if (!row) throw new HttpError(404, t('errors.not_found'), 'not_found');
      forgetFaq(ctx.db);
      await ctx.audit(req, 'faq.delete', id);
      await ctx.flash(req, 'ok', t('faq.deleted', { question: row.question }));
      res.redirect(303, '/admin/faq');
    });
  },
};
