// Saving a draft as staff type (called by admin/public/admin.js; JSON with the X-CSRF-Token header).
import { HttpError } from '../../core/errors';
import { DRAFT_KEY_RE, saveDraft } from '../drafts';
import type { AdminPage } from '../types';
import { adminOf } from '../types';

export const draftsPage: AdminPage = {
  name: 'drafts',
  mount(r, ctx) {
    r.post('/drafts', ctx.requireRole('admin', 'staff'), async (req, res) => {
      const { user, t } = adminOf(req);
      const body = (req.body ?? {}) as Record<string, unknown>;
      const key = typeof body.key === 'string' ? body.key : '';
      if (!DRAFT_KEY_RE.test(key) || typeof body.text !== 'string') throw new HttpError(400, t('errors.bad_request'), 'bad_draft');
      await saveDraft(ctx.db, user.id, key, body.text);
      // Drafts are not changes to audit: they are saved every few seconds while typing.
      ctx.skipAudit(req);
      res.json({ ok: true });
    });
  },
};
