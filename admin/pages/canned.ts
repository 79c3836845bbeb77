// Canned replies (câu trả lời mẫu): staff save answers they give often and insert them in the inbox.
import { HttpError } from '../../core/errors';
import { addCannedReply, deleteCannedReply, listCannedReplies, MAX_CANNED_TEXT, MAX_CANNED_TITLE, updateCannedReply } from '../canned';
import type { AdminPage } from '../types';
import { adminOf } from '../types';

const str = (v: unknown) => (typeof v === 'string' ? v.trim() : '');

export const cannedPage: AdminPage = {
  name: 'canned',
  mount(r, ctx) {
    const staff = ctx.requireRole('admin', 'staff');

    r.get('/canned', staff, async (req, res) => {
      const { t } = adminOf(req);
      await ctx.render(req, res, 'canned', { rows: await listCannedReplies(ctx.db), maxTitle: MAX_CANNED_TITLE, maxText: MAX_CANNED_TEXT }, { title: t('canned.title') });
    });

    r.post('/canned', staff, async (req, res) => {
      const { t, user } = adminOf(req);
      const body = req.body as Record<string, unknown>;
      // From the inbox's answer box ("save as a canned reply"): the answer is the text and its
      // beginning the title, which staff may rename here later.
      const text = str(body.text) || str(body.answer);
      const title = str(body.title) || (text.length > 60 ? text.slice(0, 60).trimEnd() + '…' : text);
      const id = str(body.id);
      if (!title || !text || title.length > MAX_CANNED_TITLE || text.length > MAX_CANNED_TEXT) {
        await ctx.flash(req, 'error', t('canned.invalid', { maxTitle: MAX_CANNED_TITLE, maxText: MAX_CANNED_TEXT }));
        return res.redirect(303, '/admin/canned');
      }
      if (id) {
        if (!/^\d{1,9}$/.test(id) || !(await updateCannedReply(ctx.db, Number(id), title, text))) throw new HttpError(404, t('errors.not_found'), 'not_found');
        await ctx.audit(req, 'canned.edit', title);
      } else {
        await addCannedReply(ctx.db, title, text, user.username);
        await ctx.audit(req, 'canned.add', title);
      }
      await ctx.flash(req, 'ok', t('canned.saved', { title }));
      // Saved from the inbox: back to the item the answer was written for.
      const back = str(body.back);
      res.redirect(303, /^\/admin\/inbox\/\d{1,9}$/.test(back) ? back : '/admin/canned');
    });

    r.post('/canned/:id/delete', staff, async (req, res) => {
      const { t } = adminOf(req);
      const id = String(req.params.id);
      const row = /^\d{1,9}$/.test(id) ? await deleteCannedReply(ctx.db, Number(id)) : undefined;
      if (!row) throw new HttpError(404, t('errors.not_found'), 'not_found');
      await ctx.audit(req, 'canned.delete', row.title);
      await ctx.flash(req, 'ok', t('canned.deleted', { title: row.title }));
      res.redirect(303, '/admin/canned');
    });
  },
};
