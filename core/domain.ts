// The domain's fixed vocabulary: national dossier statuses, how each counts in the reports, and the
// dossier-code pattern. One place for each rule; docs/domain.md says where each comes from.

/**
 * National dossier status codes, as provincial one-stop systems exchange them with the national
 * portal (docs/domain.md, "Dossier statuses").
 */
export const DOSSIER_STATUS = {
  SUBMITTED: 1, // Mới đăng ký: sent online, not yet accepted
  RECEIVED: 2, // Được tiếp nhận
  NOT_RECEIVED: 3, // Không được tiếp nhận
  PROCESSING: 4, // Đang xử lý
  SUPPLEMENT_REQUESTED: 5, // Yêu cầu bổ sung giấy tờ
  PAYMENT_REQUESTED: 6, // Yêu cầu thực hiện nghĩa vụ tài chính
  WITHDRAWN: 7, // Công dân yêu cầu rút hồ sơ
  STOPPED: 8, // Dừng xử lý
  DONE: 9, // Đã xử lý xong: the result is ready
  RETURNED: 10, // Đã trả kết quả: the citizen has the result
} as const;
export type DossierStatus = (typeof DOSSIER_STATUS)[keyof typeof DOSSIER_STATUS];
export const ALL_DOSSIER_STATUSES = Object.values(DOSSIER_STATUS) as readonly DossierStatus[];

const S = DOSSIER_STATUS;

// Report groups (docs/domain.md, "How each dossier is counted"). Every count of the quarterly
// report and of the weekly publication is built from these sets (models/repos/dossier-figures.ts).
/** Never received: left out of every count. */
export const NOT_COUNTED_STATUSES = [S.SUBMITTED, S.NOT_RECEIVED] as const;
/** Being handled by the office: on time or overdue by the due date. */
export const HANDLING_STATUSES = [S.RECEIVED, S.PROCESSING] as const;
/** Waiting on the citizen or stopped: in process, and always counted as on time. */
export const WAITING_STATUSES = [S.SUPPLEMENT_REQUESTED, S.PAYMENT_REQUESTED, S.STOPPED] as const;
/** In process: handled by the office or waiting on the citizen. */
export const OPEN_STATUSES = [...HANDLING_STATUSES, ...WAITING_STATUSES] as const;
/** Finished with a result: the result is ready (9) or handed back (10). */
export const RESULT_STATUSES = [S.DONE, S.RETURNED] as const;
/** Resolved in the report: a result, or withdrawn (7, counted as resolved on time). */
export const RESOLVED_STATUSES = [S.WITHDRAWN, ...RESULT_STATUSES] as const;
/** A rating can be given once the citizen has the result in hand (TT 01/2018 Art. 13). */
export const RATEABLE_STATUS = S.RETURNED;

/** Whether a status is in one of the groups above. */
export function statusIn(group: readonly number[], status: number | null | undefined): boolean {
  return status !== null && status !== undefined && group.includes(status);
}

/**
 * The dossier code as the one-stop system prints it (docs/domain.md, "Dossier code format"):
 * {unit identifier}-{YYMMDD}-{NNNN}, e.g. 000.00.06.H56-231027-0361 or H56.14-240823-0001.
 * The unit identifier is up to three 2–3 character groups, then a letter and two digits, optionally
 * a dot and 1–3 digits; the day's sequence number has exactly 4 digits. Upper case.
 */
export const DOSSIER_CODE_SOURCE = '(?:[0-9A-Z]{2,3}\\.){0,3}[A-Z][0-9]{2}(?:\\.[0-9]{1,3})?-\\d{6}-\\d{4}';
export const DOSSIER_CODE_RE = new RegExp(`^${DOSSIER_CODE_SOURCE}$`);
