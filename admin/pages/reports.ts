// Reports: the draft of a period. Staff see the computed figures and the data-check warnings, write the
// commune's texts for each section and the figures entered by hand; an official approves the draft
// (freezing its figures) and downloads the .docx and the .xlsx (forms 06a and 5a).
import type { Request } from 'express';
import { HttpError } from '../../core/errors';
import { PeriodError, todayIn, type Period } from '../../reports/period';
import { blockers, loadReport, periodFor, reportDocx, reportXlsx, type PeriodSpec, type ReportInput } from '../../reports/service';
import { TemplateError, fill, flags, placeholders, plain } from '../../reports/template';
import { applyEdits, DraftInputError, enteredValues } from '../../reports/draft';
import { rows06a } from '../../reports/form06a';
import { approveDraft, DraftStateError, reopenDraft, saveDraftEdits } from '../../models/repos/report-drafts';
import type { AdminPage } from '../types';
import { adminOf } from '../types';

// Period shortcuts offered in the form: the quarters, halves, nine months and years of this year and the last.
function suggestions(today: string): string[] {
  const y = Number(today.slice(0, 4));
  const out: string[] = [];
  for (const year of [y, y - 1]) out.push(`${year}-Q1`, `${year}-Q2`, `${year}-Q3`, `${year}-Q4`, `${year}-H1`, `${year}-H2`, `${year}-9M`, String(year));
  return out;
}

/** The quarter whose window holds today (the one the office is usually about to report). */
function currentQuarter(today: string): string {
  const [y, m, d] = today.split('-').map(Number) as [number, number, number];
  // After the cut-off day the data belong to the next month's window.
  let month = d >= 15 ? m + 1 : m;
  let year = y;
  if (month > 12) {
    month = 1;
    year += 1;
  }
  return `${year}-Q${Math.ceil(month / 3)}`;
}

function specOf(src: Record<string, unknown>): PeriodSpec | null {
  const str = (k: string) => (typeof src[k] === 'string' ? (src[k] as string).trim() : '');
  const period = str('period');
  if (period) return period;
  const from = str('from');
  const to = str('to');
  return from && to ? { from, to } : null;
}

/** Query string that names the period as the user gave it (a quarter stays a quarter). */
function query(spec: PeriodSpec): string {
  return new URLSearchParams(typeof spec === 'string' ? { period: spec } : spec).toString();
}

function fileStem(p: Period): string {
  return `bao-cao-tthc-${p.from}-${p.to}`;
}

const isOfficial = (req: Request) => ['admin', 'official'].includes(adminOf(req).user.role);

export const reportsPage: AdminPage = {
  name: 'reports',
  nav: { titleKey: 'reports:admin.title', path: '/reports', roles: ['admin', 'official', 'staff'], order: 70 },
  mount(r, ctx) {
    const anyone = ctx.requireRole('admin', 'official', 'staff');
    const officials = ctx.requireRole('admin', 'official');

    const periodOr400 = (req: Request, src: Record<string, unknown>): { spec: PeriodSpec; period: Period } => {
      const { t } = adminOf(req);
      const spec = specOf(src);
      if (!spec) throw new HttpError(400, t('reports:admin.bad_period', { problem: t('reports:admin.no_period') }), 'bad_period');
      try {
        return { spec, period: periodFor(spec, ctx.config) };
      } catch (e) {
        if (e instanceof PeriodError) throw new HttpError(400, t('reports:admin.bad_period', { problem: e.message }), 'bad_period');
        throw e;
      }
    };

    const load = async (req: Request, period: Period, create: boolean): Promise<ReportInput> => {
      try {
        return await loadReport(ctx.db, period, ctx.config, { create, user: adminOf(req).user.username, lang: adminOf(req).lang });
      } catch (e) {
        if (e instanceof TemplateError) throw new HttpError(500, e.message, 'template');
        throw e;
      }
    };

    const today = () => todayIn(ctx.config.TZ_DISPLAY);

    r.get('/reports', anyone, async (req, res) => {
      const { t } = adminOf(req);
      const spec = specOf(req.query as Record<string, unknown>);
      let period: Period | null = null;
      let error: string | null = null;
      if (spec) {
        try {
          period = periodFor(spec, ctx.config);
        } catch (e) {
          if (!(e instanceof PeriodError)) throw e;
          error = t('reports:admin.bad_period', { problem: e.message });
        }
      }
      // Opening a period creates its draft (from the previous period's texts, marked "xem lại").
      const report = period ? await load(req, period, true) : null;
      const data: Record<string, unknown> = {
        period,
        report,
        error,
        suggestions: suggestions(today()),
        value: typeof spec === 'string' ? spec : spec ? '' : currentQuarter(today()),
        from: typeof spec === 'object' && spec ? spec.from : '',
        to: typeof spec === 'object' && spec ? spec.to : '',
        query: spec && period ? query(spec) : '',
        official: isOfficial(req),
      };
      if (report) {
        const values = placeholders(report.figures, report.settings);
        const when = flags(report.figures);
        const entered = enteredValues(report.tpl, report.draft);
        data.figures = report.figures;
        data.rows = rows06a(report.figures);
        data.blockers = blockers(report.period, report.figures, today());
        // Each section with the sentences the program writes from the figures, shown beside the texts.
        data.sections = report.tpl.sections.map((s) => ({
          ...s,
          computed: s.paragraphs.filter((p) => !p.when || when[p.when]).map((p) => plain(fill(p.text, values, entered))),
          draft: report.draft.texts[s.key],
        }));
      }
      await ctx.render(req, res, 'reports', data, { status: error ? 400 : 200 });
    });

    r.post('/reports/draft', anyone, async (req, res) => {
      const { t, user } = adminOf(req);
      const body = (req.body ?? {}) as Record<string, unknown>;
      const { spec, period } = periodOr400(req, body);
      const report = await load(req, period, true);
      const back = `/admin/reports?${query(spec)}#draft`;
      try {
        const content = applyEdits(report.tpl, report.draft, body);
        await saveDraftEdits(ctx.db, report.draft.id!, content, user.username);
      } catch (e) {
        if (e instanceof DraftInputError) {
          await ctx.flash(req, 'error', t('reports:admin.bad_figure', { label: e.message }));
          return res.redirect(303, back);
        }
        if (e instanceof DraftStateError) {
          await ctx.flash(req, 'error', t('reports:admin.approved_locked'));
          return res.redirect(303, back);
        }
        throw e;
      }
      await ctx.audit(req, 'reports.draft_save', `${period.from}..${period.to}`);
      await ctx.flash(req, 'ok', t('reports:admin.saved'));
      res.redirect(303, back);
    });

    r.post('/reports/approve', officials, async (req, res) => {
      const { t, user } = adminOf(req);
      const body = (req.body ?? {}) as Record<string, unknown>;
      const { spec, period } = periodOr400(req, body);
      const report = await load(req, period, true);
      const back = `/admin/reports?${query(spec)}`;
      if (blockers(period, report.figures, today()).length) {
        await ctx.flash(req, 'error', t('reports:admin.cannot_approve'));
        return res.redirect(303, back);
      }
      try {
        await approveDraft(ctx.db, report.draft.id!, report.figures as unknown as Record<string, unknown>, user.username);
      } catch (e) {
        if (!(e instanceof DraftStateError)) throw e;
      }
      await ctx.audit(req, 'reports.approve', `${period.from}..${period.to}`, { unconfirmed: report.unconfirmed.length });
      await ctx.flash(
        req,
        report.unconfirmed.length ? 'info' : 'ok',
        report.unconfirmed.length ? t('reports:admin.approved_with_placeholders', { count: report.unconfirmed.length }) : t('reports:admin.approved'),
      );
      res.redirect(303, back);
    });

    r.post('/reports/reopen', officials, async (req, res) => {
      const { t, user } = adminOf(req);
      const body = (req.body ?? {}) as Record<string, unknown>;
      const { spec, period } = periodOr400(req, body);
      const report = await load(req, period, true);
      try {
        await reopenDraft(ctx.db, report.draft.id!, user.username);
      } catch (e) {
        if (!(e instanceof DraftStateError)) throw e;
      }
      await ctx.audit(req, 'reports.reopen', `${period.from}..${period.to}`);
      await ctx.flash(req, 'ok', t('reports:admin.reopened'));
      res.redirect(303, `/admin/reports?${query(spec)}`);
    });

    /** The report of the period, refused (409) while the period has not ended or has no data, unless force=1. */
    const forDownload = async (req: Request): Promise<ReportInput> => {
      const { t } = adminOf(req);
      const q = req.query as Record<string, unknown>;
      const { period } = periodOr400(req, q);
      const report = await load(req, period, true);
      if (blockers(period, report.figures, today()).length && q.force !== '1') {
        throw new HttpError(409, t('reports:admin.blocked_download'), 'report_blocked');
      }
      return report;
    };

    r.get('/reports/report.docx', anyone, async (req, res) => {
      const report = await forDownload(req);
      const buf = await reportDocx(report, ctx.config);
      await ctx.audit(req, 'reports.download', `${report.period.from}..${report.period.to}`, { format: 'docx', state: report.draft.state ?? 'draft' });
      res.setHeader('Content-Type', 'application/vnd.openxmlformats-officedocument.wordprocessingml.document');
      res.setHeader('Content-Disposition', `attachment; filename="${fileStem(report.period)}.docx"`);
      res.send(buf);
    });

    r.get('/reports/report.xlsx', anyone, async (req, res) => {
      const report = await forDownload(req);
      const buf = await reportXlsx(report, ctx.config);
      await ctx.audit(req, 'reports.download', `${report.period.from}..${report.period.to}`, { format: 'xlsx', state: report.draft.state ?? 'draft' });
      res.setHeader('Content-Type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
      res.setHeader('Content-Disposition', `attachment; filename="bieu-06a-5a-${report.period.from}-${report.period.to}.xlsx"`);
      res.send(buf);
    });
  },
};
