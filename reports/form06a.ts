// Form 06a, "Tình hình, kết quả giải quyết TTHC tại cơ quan, đơn vị trực tiếp giải quyết TTHC":
// its 13 columns (docs/domain.md §1.3), shared by the .docx appendix, the .xlsx and the admin page.
import { translator } from '../core/i18n';
import type { ReportFigures, Row06a } from './figures';

export const FORM_06A_TITLE = 'TÌNH HÌNH, KẾT QUẢ GIẢI QUYẾT TTHC TẠI CƠ QUAN, ĐƠN VỊ TRỰC TIẾP GIẢI QUYẾT TTHC';
export const FORM_06A_UNIT = 'Đơn vị tính: Số hồ sơ TTHC';

/** The form's number as the Thanh Hóa system prints it (docs/domain.md §1.3; the exact national number is unconfirmed). */
export const FORM_06A_NUMBER = 'Biểu số II.06a/VPCP/KSTT';
export const FORM_06A_LEGAL = 'Ban hành theo Thông tư số 01/2020/TT-VPCP ngày 21/10/2020';

/** A header cell of the form: text, first column (1-based), column span, first row (0-based), row span. */
export interface HeaderCell {
  text: string;
  col: number;
  span: number;
  row: number;
  rowSpan: number;
}

/**
 * The three header rows of the official form, with its "Trong đó" grouping: each group has its
 * total, then "Trong đó" over the columns it splits into.
 */
export const HEADER_06A: HeaderCell[] = [
  { text: 'STT', col: 1, span: 1, row: 0, rowSpan: 3 },
  { text: 'Lĩnh vực, công việc giải quyết theo cấp', col: 2, span: 1, row: 0, rowSpan: 3 },
  { text: 'Số hồ sơ nhận giải quyết', col: 3, span: 4, row: 0, rowSpan: 1 },
  { text: 'Số hồ sơ đã giải quyết', col: 7, span: 4, row: 0, rowSpan: 1 },
  { text: 'Số lượng hồ sơ đang giải quyết', col: 11, span: 3, row: 0, rowSpan: 1 },
  { text: 'Tổng số', col: 3, span: 1, row: 1, rowSpan: 2 },
  { text: 'Trong đó', col: 4, span: 3, row: 1, rowSpan: 1 },
  { text: 'Tổng số', col: 7, span: 1, row: 1, rowSpan: 2 },
  { text: 'Trong đó', col: 8, span: 3, row: 1, rowSpan: 1 },
  { text: 'Tổng số', col: 11, span: 1, row: 1, rowSpan: 2 },
  { text: 'Trong đó', col: 12, span: 2, row: 1, rowSpan: 1 },
  { text: 'Số mới tiếp nhận trực tuyến', col: 4, span: 1, row: 2, rowSpan: 1 },
  { text: 'Số mới tiếp nhận trực tiếp, dịch vụ bưu chính', col: 5, span: 1, row: 2, rowSpan: 1 },
  { text: 'Số kỳ trước chuyển qua', col: 6, span: 1, row: 2, rowSpan: 1 },
  { text: 'Trước hạn', col: 8, span: 1, row: 2, rowSpan: 1 },
  { text: 'Đúng hạn', col: 9, span: 1, row: 2, rowSpan: 1 },
  { text: 'Quá hạn', col: 10, span: 1, row: 2, rowSpan: 1 },
  { text: 'Trong hạn', col: 12, span: 1, row: 2, rowSpan: 1 },
  { text: 'Quá hạn', col: 13, span: 1, row: 2, rowSpan: 1 },
];
export const HEADER_06A_ROWS = 3;

/** Columns 3–13 of a row. */
export function values06a(r: Row06a): number[] {
  return [
    r.received.total,
    r.received.online,
    r.received.direct_postal,
    r.received.carried_over,
    r.resolved.total,
    r.resolved.before_due,
    r.resolved.on_time,
    r.resolved.late,
    r.in_process.total,
    r.in_process.within_due,
    r.in_process.overdue,
  ];
}

/** The body rows: one per field, then the total (STT empty). */
export function rows06a(f: ReportFigures): { stt: string; label: string; values: number[]; total: boolean }[] {
  const t = translator('vi');
  const rows = f.dossiers.by_field.map((r, i) => ({
    stt: String(i + 1),
    label: r.field || t('reports:no_field'),
    values: values06a(r),
    total: false,
  }));
  rows.push({ stt: '', label: t('reports:total'), values: values06a(f.dossiers), total: true });
  return rows;
}

export type Row06aLine = ReturnType<typeof rows06a>[number];

