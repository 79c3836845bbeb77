// Texts built from a stored PAKN: the status a citizen sees, and the staff answer they receive.
// Shared by the chat handler and the admin inbox (which renders in the citizen's language).
import type { TFunction } from 'i18next';
import type { Reply } from '../../core/types';
import { translator } from '../../core/i18n';
import { isOverdue, type FeedbackRow } from '../../models/repos/feedback/states';
import { displayDate } from './office-hours';

/** The staff answer as it reaches the citizen (their language, their channel). */
export function renderStaffAnswer(row: FeedbackRow, text: string): Reply[] {
  const t = translator(row.lang === 'en' ? 'en' : 'vi');
  const key = row.kind === 'ho_tro' ? 'feedback:staff.support_reply' : 'feedback:staff.answer';
  return [{ text: t(key, { code: row.code, answer: text }) }];
}

/** Status by code. The answer is shown only to the person who sent the PAKN (same channel and user). */
export function renderStatus(t: TFunction, row: FeedbackRow, owner: boolean): Reply[] {
  const lines = [
    t('feedback:status.header', { code: row.code }),
    t('feedback:status.kind', { kind: t(`feedback:kinds.${row.kind}`) }),
    t('feedback:status.received', { date: displayDate(row.receivedDate) }),
    t('feedback:status.state', { state: t(`feedback:states.${row.status}`) }),
    t('feedback:status.due', { date: displayDate(row.dueDate) }),
  ];
  if (isOverdue(row)) lines.push(t('feedback:status.overdue'));
  if (row.status === 'da_chuyen' && row.transferredTo) lines.push(t('feedback:status.transferred', { to: row.transferredTo }));
  if (row.answer && (row.status === 'da_tra_loi' || row.status === 'da_dong')) {
    lines.push(owner ? t('feedback:status.answer', { answer: row.answer }) : t('feedback:status.answer_private'));
  }
  return [{ text: lines.join('\n') }];
}
