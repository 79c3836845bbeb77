// Consistency checks the staff see before sending (JSON "warnings", the CLI and the admin page;
// never inside the document to be signed).
// They flag contradictions in the data instead of "fixing" them silently (docs/domain.md §1.3, §1.5).
import { translator } from '../core/i18n';
import type { ReportFigures } from './figures';
import { vn } from './format';

export interface Warning {
  code:
    | 'received_mismatch'
    | 'field_mismatch'
    | 'apology_without_late'
    | 'apology_without_new_due'
    | 'online_level_sum'
    | 'online_level_unknown'
    | 'level_shares_sum'
    | 'missing_end_date'
    | 'missing_received_date'
    | 'feedback_unavailable'
    | 'no_dossiers'
    | 'catalog_sample'
    | 'catalog_empty';
  message: string;
}

// Rounded shares may miss 100 by a rounding step; more than this means the data are wrong.
const SHARE_TOLERANCE = 0.1;

export function checkConsistency(f: ReportFigures, lang: 'vi' | 'en' = 'vi'): Warning[] {
  const t = translator(lang);
  const w: Warning[] = [];
  const d = f.dossiers;
  const accounted = d.resolved.total + d.in_process.total;
  // An empty period usually means the dossier export was not imported yet.
  if (d.received.total === 0 && accounted === 0) w.push({ code: 'no_dossiers', message: t('reports:warn.no_dossiers') });
  if (d.received.total !== accounted) {
    w.push({
      code: 'received_mismatch',
      message: t('reports:warn.received_mismatch', { received: d.received.total, resolved: d.resolved.total, in_process: d.in_process.total }),
    });
  }
  for (const row of d.by_field) {
    if (row.received.total !== row.resolved.total + row.in_process.total) {
      w.push({
        code: 'field_mismatch',
        message: t('reports:warn.field_mismatch', {
          field: row.field || t('reports:no_field'),
          received: row.received.total,
          resolved: row.resolved.total,
          in_process: row.in_process.total,
        }),
      });
    }
  }
  if (d.missing_received_date > 0) {
    w.push({ code: 'missing_received_date', message: t('reports:warn.missing_received_date', { count: d.missing_received_date }) });
  }
  if (d.missing_end_date > 0) w.push({ code: 'missing_end_date', message: t('reports:warn.missing_end_date', { count: d.missing_end_date }) });
  if (f.apologies > 0 && d.resolved.late + d.in_process.overdue === 0) {
    w.push({
      code: 'apology_without_late',
      message: t('reports:warn.apology_without_late', { count: f.apologies, late_original: f.apologies_late_by_original_due }),
    });
  }
  if (f.apologies_without_new_due > 0) {
    w.push({ code: 'apology_without_new_due', message: t('reports:warn.apology_without_new_due', { count: f.apologies_without_new_due }) });
  }
  const lv = d.by_online_level;
  if (lv.full_online + lv.partial_online + lv.other !== d.received.total) {
    w.push({
      code: 'online_level_sum',
      message: t('reports:warn.online_level_sum', { full: lv.full_online, partial: lv.partial_online, other: lv.other, received: d.received.total }),
    });
  }
  if (lv.unknown > 0) w.push({ code: 'online_level_unknown', message: t('reports:warn.online_level_unknown', { count: lv.unknown }) });
  const s = f.satisfaction;
  const withLevel = Object.values(s.level_counts).reduce((a, b) => a + b, 0);
  if (withLevel > 0) {
    // Sum in tenths to compare exactly.
    const sum = Object.values(s.levels).reduce((a, b) => a + Math.round(b * 10), 0) / 10;
    if (Math.abs(sum - 100) > SHARE_TOLERANCE + 1e-9) {
      w.push({ code: 'level_shares_sum', message: t('reports:warn.level_shares_sum', { sum: vn(sum, 1) }) });
    }
  }
  // The number of procedures (section I.3) is only the commune's once its own catalog is loaded.
  if (f.procedures_source === 'sample') w.push({ code: 'catalog_sample', message: t('reports:warn.catalog_sample', { count: f.procedures_total }) });
  if (f.procedures_source === 'empty') w.push({ code: 'catalog_empty', message: t('reports:warn.catalog_empty') });
  if (!f.feedback.available) w.push({ code: 'feedback_unavailable', message: t('reports:warn.feedback_unavailable') });
  return w;
}
