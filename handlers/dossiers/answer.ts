// What a verified citizen is told about a dossier: procedure, dates, status in plain words,
// on time or late (with the apology letter's new date), where and when to collect the result.
// Never the applicant's name, phone or address.
import type { TFunction } from 'i18next';
import type { Config } from '../../core/config';
import type { DossierRow } from '../../models/repos/dossiers/records';
import { dateIn, daysBetween, displayDate } from '../../core/clock';
import { DOSSIER_STATUS as S, HANDLING_STATUSES, OPEN_STATUSES, RESULT_STATUSES, statusIn } from '../../core/domain';

/** "từ thứ Hai đến thứ Sáu" for OFFICE_DAYS=1,2,3,4,5; a list when the days are not consecutive. */
export function officeDays(t: TFunction, days: string): string {
  const list = [...new Set(days.split(',').map(Number))].sort((a, b) => a - b);
  const consecutive = list.length > 2 && list.every((d, i) => i === 0 || d === list[i - 1]! + 1);
  if (consecutive) return t('dossiers:days.range', { from: t(`dossiers:days.${list[0]}`), to: t(`dossiers:days.${list.at(-1)}`) });
  return list.map((d) => t(`dossiers:days.${d}`)).join(t('dossiers:days.list_joiner'));
}

export function statusText(t: TFunction, status: number): string {
  return t(`dossiers:status.${status}`);
}

// A result is still to come while the office handles the dossier or waits for a document or a
// payment; a stopped dossier (8) is in process but no result is promised (docs/domain.md).
const EXPECTING_RESULT = [...HANDLING_STATUSES, S.SUPPLEMENT_REQUESTED, S.PAYMENT_REQUESTED];

function timingLines(t: TFunction, d: DossierRow, today: string): string[] {
  const lines: string[] = [];
  if (statusIn(RESULT_STATUSES, d.status) && d.endDate) {
    if (d.dueDate) {
      const key = d.endDate < d.dueDate ? 'early' : d.endDate === d.dueDate ? 'on_time' : 'late_done';
      lines.push(t(`dossiers:timing.${key}`, { end: displayDate(d.endDate) }));
    }
  } else if (statusIn(OPEN_STATUSES, d.status)) {
    if (!d.dueDate) lines.push(t('dossiers:timing.no_due'));
    else if (today < d.dueDate) lines.push(t('dossiers:timing.in_time'));
    else if (today === d.dueDate) lines.push(t('dossiers:timing.due_today'));
    else lines.push(t('dossiers:timing.late', { days: daysBetween(d.dueDate, today) }));
  }
  if (d.newDueDate) {
    lines.push(
      d.apologyDate
        ? t('dossiers:timing.apology', { date: displayDate(d.apologyDate), newDue: displayDate(d.newDueDate) })
        : t('dossiers:timing.apology_no_date', { newDue: displayDate(d.newDueDate) }),
    );
  }
  return lines;
}

/** Where and when to collect the result, or '' when there is nothing to collect. */
export function collectLine(t: TFunction, config: Config, d: DossierRow, now = new Date()): string {
  const office = { office: config.OFFICE_ADDRESS, hours: config.OFFICE_HOURS, days: officeDays(t, config.OFFICE_DAYS) };
  if (d.status === S.DONE) {
    if (d.channel === 'buu_chinh') return t('dossiers:collect.ready_post');
    if (d.channel === 'truc_tuyen') return t('dossiers:collect.ready_online', office);
    return t('dossiers:collect.ready_office', office);
  }
  if (d.status === S.RETURNED) {
    return d.returnedDate ? t('dossiers:collect.returned', { date: displayDate(d.returnedDate) }) : t('dossiers:collect.returned_no_date');
  }
  const expected = d.newDueDate ?? d.dueDate;
  if (!statusIn(EXPECTING_RESULT, d.status)) return '';
  // Past its date with no new one: no date to promise, the office says when.
  if (!expected || expected < dateIn(config.TZ_DISPLAY, now)) {
    const phone = config.OFFICE_PHONE ? t('dossiers:phone_suffix', { phone: config.OFFICE_PHONE }) : '';
    return t('dossiers:collect.ask_office', { office: config.OFFICE_ADDRESS, phone });
  }
  return t('dossiers:collect.expected', { date: displayDate(expected), ...office });
}

/** The full answer for a verified look-up. */
export function describeDossier(t: TFunction, config: Config, d: DossierRow, now = new Date()): string {
  const today = dateIn(config.TZ_DISPLAY, now);
  const lines = [
    t('dossiers:answer_title', { code: d.code }),
    d.procedureName ? t('dossiers:procedure', { name: d.procedureName }) : t('dossiers:procedure_unknown'),
  ];
  if (d.receivedDate) lines.push(t('dossiers:received', { date: displayDate(d.receivedDate) }));
  if (d.dueDate) lines.push(t('dossiers:due', { date: displayDate(d.dueDate) }));
  lines.push(t('dossiers:status_line', { status: statusText(t, d.status) }));
  lines.push(...timingLines(t, d, today));
  const collect = collectLine(t, config, d, now);
  if (collect) lines.push(collect);
  return lines.join('\n');
}

/** True when the dossier can still get a result worth waiting for. */
export function awaitsResult(status: number): boolean {
  return status === S.SUBMITTED || statusIn(OPEN_STATUSES, status);
}
