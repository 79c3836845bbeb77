// The dashboard: today's and this quarter's counts, and two small charts.
import { feedbackCounts } from '../../models/repos/feedback/counts';
import { barChartSvg, messagesPerDay, openUnansweredCount, periodFigures, periodsAt, vnDate } from '../stats';
import type { AdminPage, DashboardCount, DashboardPeriod } from '../types';
import { adminOf } from '../types';
import { ADMIN_BASE, roleCanOpen, viewHelpers } from '../render';
import { systemStatus } from '../system-status';
import { logger } from '../../core/logger';
import type { Db } from '../../models/db';

// National dossier status codes (docs/domain.md §4.2), in display order.
export const DOSSIER_STATUSES = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10] as const;
// Two weeks of daily messages fit a phone screen and show the weekly rhythm of the office.
const CHART_DAYS = 14;

/** PAKN received in the period and still open (feedback module's counting contract). */
async function complaintCounts(db: Db, period: DashboardPeriod): Promise<DashboardCount[]> {
  const last = vnDate(new Date(period.to.getTime() - 1));
  const c = await feedbackCounts(db, { from: vnDate(period.from), to: last });
  return [
    { labelKey: 'dashboard.complaints_received', value: c.received },
    { labelKey: 'dashboard.complaints_open', value: c.in_process },
  ];
}

export const dashboardPage: AdminPage = {
  name: 'dashboard',
  nav: { titleKey: 'nav.dashboard', path: '/', roles: ['admin', 'staff', 'official'], order: 0 },
  dashboard: complaintCounts,
  mount(r, ctx) {
    r.get('/', async (req, res) => {
      const { t } = adminOf(req);
      const periods = periodsAt();
      const figures = [];
      for (const period of periods) {
        const f = await periodFigures(ctx.db, period);
        const extra: DashboardCount[] = [];
        for (const page of ctx.pages()) {
          if (!page.dashboard) continue;
          try {
            extra.push(...(await page.dashboard(ctx.db, period)));
          } catch (err) {
            // One module's failing count must not take the whole dashboard down.
            logger.error({ err, page: page.name }, 'dashboard count failed');
          }
        }
        figures.push({ ...f, extra });
      }
      const { user } = adminOf(req);
      const now: (DashboardCount & { link: string | null })[] = [];
      for (const page of ctx.pages()) {
        if (!page.dashboardNow) continue;
        try {
          for (const c of await page.dashboardNow(ctx.db)) {
            now.push({ ...c, link: c.href && roleCanOpen(ctx.pages(), user.role, c.href) ? ADMIN_BASE + c.href : null });
          }
        } catch (err) {
          logger.error({ err, page: page.name }, 'dashboard count failed');
        }
      }
      const quarter = figures[1]!;
      const dossierChart = barChartSvg(
        DOSSIER_STATUSES.map((s) => ({ label: String(s), value: quarter.dossiersByStatus[s] ?? 0 })),
        { title: t('dashboard.chart_dossiers') },
      );
      const perDay = await messagesPerDay(ctx.db, CHART_DAYS);
      const messagesChart = barChartSvg(perDay.map((d) => ({ label: d.day.slice(8, 10) + '/' + d.day.slice(5, 7), value: d.n })), {
        title: t('dashboard.chart_messages', { days: CHART_DAYS }),
      });
      await ctx.render(req, res, 'dashboard', {
        figures, now, statuses: DOSSIER_STATUSES, openUnanswered: await openUnansweredCount(ctx.db), dossierChart, messagesChart,
        // An official cannot open the unanswered review: the figure is shown without the link.
        unansweredLink: roleCanOpen(ctx.pages(), user.role, '/unanswered'),
        chartDays: CHART_DAYS,
        system: await systemStatus(ctx.db, t, (d) => viewHelpers.dateTime(d)),
      });
    });
  },
};
