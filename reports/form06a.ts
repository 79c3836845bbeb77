// Form 06a, "Tình hình, kết quả giải quyết TTHC tại cơ quan, đơn vị trực tiếp giải quyết TTHC":
// its 13 columns (domain.md §1.3), shared by the .docx appendix, the .xlsx and the admin page.
import { translator } from '../core/i18n';
import { SOURCES, type ReportFigures, type Row06a } from './figures';

export const FORM_06A_TITLE = 'TÌNH HÌNH, KẾT QUẢ GIẢI QUYẾT TTHC TẠI CƠ QUAN, ĐƠN VỊ TRỰC TIẾP GIẢI QUYẾT TTHC';
export const FORM_06A_UNIT = 'Đơn vị tính: Số hồ sơ TTHC';

/** Header row 1: [text, columnSpan, rowSpan]. */
export const HEADER_TOP: [string, number, number][] = [
  ['STT', 1, 2],
  ['Lĩnh vực, công việc giải quyết theo cấp', 1, 2],
  ['Số hồ sơ nhận giải quyết', 4, 1],
  ['Số hồ sơ đã giải quyết', 4, 1],
  ['Số lượng hồ sơ đang giải quyết', 3, 1],
];

/** Header row 2, columns 3–13. */
export const HEADER_SUB = [
  'Tổng số',
  'Trong đó: Trực tuyến',
  'Trực tiếp, dịch vụ bưu chính',
  'Từ kỳ trước',
  'Tổng số',
  'Trước hạn',
  'Đúng hạn',
  'Quá hạn',
  'Tổng số',
  'Trong hạn',
  'Quá hạn',
];

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

/** The same columns per source system (one-stop, liên thông, e-certified copies), then the total. */
export function rows06aBySource(f: ReportFigures): Row06aLine[] {
  const t = translator('vi');
  const rows = SOURCES.map((s, i) => ({ stt: String(i + 1), label: t(`reports:sources.${s}`), values: values06a(f.dossiers.by_source[s]), total: false }));
  rows.push({ stt: '', label: t('reports:total'), values: values06a(f.dossiers), total: true });
  return rows;
}

export const BY_SOURCE_TITLE = 'Phân theo hệ thống tiếp nhận, giải quyết';
