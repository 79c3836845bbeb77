// Reports: pick a period, see the 06a figures, petitions, satisfaction and the consistency
// warnings, and download the .docx report and the .xlsx form 06a. Officials and admins only.
import type { Request } from 'express';
import { HttpError } from '../../core/errors';
import { PeriodError, todayIn, type Period } from '../../reports/period';
import { periodFor, reportDocx, reportFigures, reportXlsx, type PeriodSpec } from '../../reports/service';
import { TemplateError } from '../../reports/template';
import { rows06a } from '../../reports/form06a';
import type { AdminPage } from '../types';
import { adminOf } from '../types';
import type { Config } from '../../core/config';

// Period shortcuts offered in the form: the quarters, halves and years of this year and the last.
function suggestions(today: string): string[] {
  const y = Number(today.slice(0, 4));
  const out: string[] = [];
  for (const year of [y, y - 1]) out.push(`${year}-Q1`, `${year}-Q2`, `${year}-Q3`, `${year}-Q4`, `${year}-H1`, `${year}-H2`, String(year));
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

function specOf(req: Request): PeriodSpec | null {
  const q = req.query as Record<string, string | undefined>;
  const from = q.from?.trim();
  const to = q.to?.trim();
  if (from && to) return { from, to };
  const period = q.period?.trim();
  return period ? period : null;
}

function periodOr400(req: Request, config: Config): Period {
  const { t } = adminOf(req);
  const spec = specOf(req);
  if (!spec) throw new HttpError(400, t('reports:admin.bad_period', { problem: 'period' }), 'bad_period');
  try {
    return periodFor(spec, config);
  } catch (e) {
    if (e instanceof PeriodError) throw new HttpError(400, t('reports:admin.bad_period', { problem: e.message }), 'bad_period');
    throw e;
  }
}

function query(p: Period): string {
  return new URLSearchParams({ from: p.from, to: p.to }).toString();
}

function fileStem(p: Period): string {
  return `bao-cao-tthc-${p.from}-${p.to}`;
}

export const reportsPage: AdminPage = {
  name: 'reports',
  nav: { titleKey: 'reports:admin.title', path: '/reports', roles: ['admin', 'official'], order: 70 },
  mount(r, ctx) {
    const allowed = ctx.requireRole('admin', 'official');

    r.get('/reports', allowed, async (req, res) => {
      const { t, lang } = adminOf(req);
      const today = todayIn(ctx.config.TZ_DISPLAY);
      const spec = specOf(req);
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
      const figures = period ? await reportFigures(ctx.db, period, lang) : null;
      await ctx.render(
        req,
        res,
        'reports',
        {
          period,
          figures,
          rows: figures ? rows06a(figures) : [],
          error,
          suggestions: suggestions(today),
          value: typeof spec === 'string' ? spec : spec ? '' : currentQuarter(today),
          from: typeof spec === 'object' && spec ? spec.from : '',
          to: typeof spec === 'object' && spec ? spec.to : '',
          query: period ? query(period) : '',
        },
        { status: error ? 400 : 200 },
      );
    });

    r.get('/reports/report.docx', allowed, async (req, res) => {
      const period = periodOr400(req, ctx.config);
      const figures = await reportFigures(ctx.db, period);
      let buf: Buffer;
      try {
        buf = await reportDocx(figures, ctx.config);
      } catch (e) {
        if (e instanceof TemplateError) throw new HttpError(500, e.message, 'template');
        throw e;
      }
      await ctx.audit(req, 'reports.download', `${period.from}..${period.to}`, { format: 'docx', warnings: figures.warnings.length });
      res.setHeader('Content-Type', 'application/vnd.openxmlformats-officedocument.wordprocessingml.document');
      res.setHeader('Content-Disposition', `attachment; filename="${fileStem(period)}.docx"`);
      res.send(buf);
    });

    r.get('/reports/06a.xlsx', allowed, async (req, res) => {
      const period = periodOr400(req, ctx.config);
      const figures = await reportFigures(ctx.db, period);
      const buf = await reportXlsx(figures, ctx.config);
      await ctx.audit(req, 'reports.download', `${period.from}..${period.to}`, { format: 'xlsx' });
      res.setHeader('Content-Type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
      res.setHeader('Content-Disposition', `attachment; filename="bieu-06a-${period.from}-${period.to}.xlsx"`);
      res.send(buf);
    });
  },
};
