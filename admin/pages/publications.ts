// Publications: the weekly publication of dossier results. Staff draft it (pre-filled from the
// week's dossiers), edit and submit it; an official (or admin) approves it, schedules or sends it.
// The page shows each publication's delivery outcome: sent, waiting, failed, unsubscribed.
import type { Request } from 'express';
import { HttpError } from '../../core/errors';
import { PUBLICATION_TEXT_MAX, draftWeeklyPublication } from '../../jobs/publications/prefill';
import { previousIsoWeek, PUBLICATION_TZ } from '../../jobs/publications/week';
import {
  activeSubscriberCount, editPublicationTexts, getPublication, listPublications, publicationHistory, publicationOutcome,
  PublicationStateError, startSending, transitionPublication, type Outcome, type Publication,
} from '../../models/repos/publications';
import { retryFailed } from '../../models/repos/deliveries';
import type { PublicationState } from '../../models/schema/publications';
import type { AdminPage } from '../types';
import { adminOf } from '../types';

// The list shows the most recent ones; older weeks stay in the database.
const LIST_ROWS = 60;
type Action = 'submit' | 'approve' | 'return' | 'schedule' | 'send_now' | 'cancel';
/** What each action does, and who may do it (approving and sending are an official's decision). */
const ACTIONS: Record<Action, { to: PublicationState; officialOnly: boolean }> = {
  submit: { to: 'submitted', officialOnly: false },
  approve: { to: 'approved', officialOnly: true },
  return: { to: 'draft', officialOnly: true },
  schedule: { to: 'scheduled', officialOnly: true },
  send_now: { to: 'sending', officialOnly: true },
  cancel: { to: 'cancelled', officialOnly: false },
};

/** "2024-06-17T08:00" typed in Vietnam time → instant. */
function localDateTime(v: string): Date | null {
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/.test(v)) return null;
  return new Date(`${v}:00+07:00`);
}

export const publicationsPage: AdminPage = {
  name: 'publications',
  nav: { titleKey: 'publications:admin.title', path: '/publications', roles: ['admin', 'staff', 'official'], order: 40 },
  mount(r, ctx) {
    const anyone = ctx.requireRole('admin', 'staff', 'official');
    const isOfficial = (req: Request) => ['admin', 'official'].includes(adminOf(req).user.role);

    const load = async (req: Request): Promise<Publication> => {
      const id = String(req.params.id);
      const p = /^\d{1,9}$/.test(id) ? await getPublication(ctx.db, Number(id)) : undefined;
      if (!p) throw new HttpError(404, adminOf(req).t('errors.not_found'), 'not_found');
      return p;
    };

    r.get('/publications', anyone, async (req, res) => {
      const rows = await listPublications(ctx.db, LIST_ROWS);
      const outcomes: Record<number, Outcome> = {};
      for (const p of rows) if (['sending', 'sent'].includes(p.state)) outcomes[p.id] = await publicationOutcome(ctx.db, p.id);
      await ctx.render(req, res, 'publications', {
        rows,
        outcomes,
        defaultWeek: previousIsoWeek(new Date()).week,
        subscribers: await activeSubscriberCount(ctx.db),
      });
    });

    r.post('/publications', anyone, async (req, res) => {
      const { t, user } = adminOf(req);
      const week = String((req.body as Record<string, string>).week ?? '').trim();
      let p: Publication;
      try {
        p = await draftWeeklyPublication(ctx.db, week, { createdBy: user.username, communeName: ctx.config.COMMUNE_NAME, publicUrl: ctx.config.PUBLIC_URL });
      } catch (e) {
        await ctx.flash(req, 'error', (e as Error).message);
        return res.redirect(303, '/admin/publications');
      }
      await ctx.audit(req, 'publication.draft', String(p.id), { week: p.week });
      await ctx.flash(req, 'ok', t('publications:admin.drafted', { week: p.week }));
      res.redirect(303, `/admin/publications/${p.id}`);
    });

    r.get('/publications/:id', anyone, async (req, res) => {
      const p = await load(req);
      await ctx.render(
        req,
        res,
        'publication',
        {
          p,
          outcome: await publicationOutcome(ctx.db, p.id),
          history: await publicationHistory(ctx.db, p.id),
          official: isOfficial(req),
          max: PUBLICATION_TEXT_MAX,
          tz: PUBLICATION_TZ,
        },
        { title: `${adminOf(req).t('publications:admin.title')} ${p.week}` },
      );
    });

    r.post('/publications/:id/texts', anyone, async (req, res) => {
      const { t, user } = adminOf(req);
      const p = await load(req);
      const body = req.body as Record<string, string | undefined>;
      const texts = { vi: String(body.vi ?? '').trim(), en: String(body.en ?? '').trim() };
      if (!texts.vi || texts.vi.length > PUBLICATION_TEXT_MAX || texts.en.length > PUBLICATION_TEXT_MAX) {
        await ctx.flash(req, 'error', t('publications:admin.too_long', { max: PUBLICATION_TEXT_MAX }));
        return res.redirect(303, `/admin/publications/${p.id}`);
      }
      try {
        await editPublicationTexts(ctx.db, p.id, { vi: texts.vi, en: texts.en || texts.vi }, user.username);
      } catch (e) {
        if (!(e instanceof PublicationStateError)) throw e;
        await ctx.flash(req, 'error', t('publications:admin.not_editable'));
        return res.redirect(303, `/admin/publications/${p.id}`);
      }
      await ctx.audit(req, 'publication.edit', String(p.id), { chars: texts.vi.length });
      await ctx.flash(req, 'ok', t('publications:admin.saved'));
      res.redirect(303, `/admin/publications/${p.id}`);
    });

    r.post('/publications/:id/action', anyone, async (req, res) => {
      const { t, user } = adminOf(req);
      const p = await load(req);
      const body = req.body as Record<string, string | undefined>;
      const action = String(body.action) as Action;
      const def = ACTIONS[action];
      if (!def) throw new HttpError(400, t('errors.bad_request'), 'bad_request');
      if (def.officialOnly && !isOfficial(req)) throw new HttpError(403, t('publications:admin.officials_only'), 'forbidden');
      try {
        if (action === 'send_now') await startSending(ctx.db, p.id, user.username);
        else if (action === 'schedule') {
          const at = body.at ? localDateTime(String(body.at)) : null;
          if (body.at && !at) throw new HttpError(400, t('errors.bad_request'), 'bad_request');
          await transitionPublication(ctx.db, p.id, 'scheduled', user.username, { scheduledFor: at });
        } else await transitionPublication(ctx.db, p.id, def.to, user.username);
      } catch (e) {
        if (!(e instanceof PublicationStateError)) throw e;
        await ctx.flash(req, 'error', t('publications:admin.wrong_state', { state: t(`publications:admin.states.${e.from ?? 'draft'}`) }));
        return res.redirect(303, `/admin/publications/${p.id}`);
      }
      await ctx.audit(req, `publication.${action}`, String(p.id), { week: p.week });
      await ctx.flash(req, 'ok', t(`publications:admin.done.${action}`));
      res.redirect(303, `/admin/publications/${p.id}`);
    });

    r.post('/publications/:id/retry', ctx.requireRole('admin', 'official'), async (req, res) => {
      const { t } = adminOf(req);
      const p = await load(req);
      const n = await retryFailed(ctx.db, p.id);
      await ctx.audit(req, 'publication.retry_failed', String(p.id), { count: n });
      await ctx.flash(req, 'ok', t('publications:admin.retried', { count: n }));
      res.redirect(303, `/admin/publications/${p.id}`);
    });
  },
};
