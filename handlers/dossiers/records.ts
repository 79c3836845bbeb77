// One dossier record from the provincial export (CSV/XLSX) or the API: header names, value
// parsing and validation, shared by `npm run dossiers:import` and POST /api/dossiers.
import type { TFunction } from 'i18next';
import { fold } from '../../knowledge/normalize';
import type {
  DossierChannel, DossierField, DossierOnlineLevel, DossierRecord, DossierSource,
} from '../../models/repos/dossiers/records';
import { normalizeDossierCode } from './codes';
import { cleanText } from '../../core/text';
import { DOSSIER_STATUS, RESULT_STATUSES, statusIn } from '../../core/domain';

/** Canonical headers (issue 4) → record field. */
export const CANONICAL_HEADERS = {
  ma_ho_so: 'code',
  ma_thu_tuc: 'procedureCode',
  ten_thu_tuc: 'procedureName',
  linh_vuc: 'field',
  kenh: 'channel',
  muc_do: 'onlineLevel',
  nguon: 'source',
  ngay_tiep_nhan: 'receivedDate',
  ngay_hen_tra: 'dueDate',
  ngay_ket_thuc_xu_ly: 'endDate',
  ngay_tra_ket_qua: 'returnedDate',
  trang_thai: 'status',
  chu_ho_so: 'applicantName',
  so_dien_thoai: 'applicantPhone',
  ngay_xin_loi: 'apologyDate',
  ngay_hen_moi: 'newDueDate',
} as const satisfies Record<string, keyof DossierRecord>;

export type CanonicalHeader = keyof typeof CANONICAL_HEADERS;

// Other display headers seen in one-stop exports, folded (no diacritics, lower case, single spaces).
// Display headers that fold to the canonical name ("Mã hồ sơ" → ma_ho_so) need no entry.
const HEADER_ALIASES: Record<string, CanonicalHeader> = {
  'so ho so': 'ma_ho_so',
  'ma so ho so': 'ma_ho_so',
  'thu tuc': 'ten_thu_tuc',
  'ten thu tuc hanh chinh': 'ten_thu_tuc',
  'kenh tiep nhan': 'kenh',
  'kenh thuc hien': 'kenh',
  'hinh thuc tiep nhan': 'kenh',
  'muc do dvc': 'muc_do',
  'muc do dich vu cong': 'muc_do',
  'muc do truc tuyen': 'muc_do',
  'nguon du lieu': 'nguon',
  'he thong': 'nguon',
  'ngay nhan': 'ngay_tiep_nhan',
  'ngay hen tra ket qua': 'ngay_hen_tra',
  'ngay ket thuc': 'ngay_ket_thuc_xu_ly',
  'ngay tra': 'ngay_tra_ket_qua',
  'tinh trang': 'trang_thai',
  'trang thai ho so': 'trang_thai',
  'nguoi nop': 'chu_ho_so',
  'ten chu ho so': 'chu_ho_so',
  'dien thoai': 'so_dien_thoai',
  'so dt': 'so_dien_thoai',
  'sdt': 'so_dien_thoai',
  'ngay gui van ban xin loi': 'ngay_xin_loi',
  'ngay van ban xin loi': 'ngay_xin_loi',
  'ngay hen tra moi': 'ngay_hen_moi',
  'ngay hen lai': 'ngay_hen_moi',
};

/** Maps a header cell (canonical or Vietnamese display name) to its canonical name, or null. */
export function canonicalHeader(header: string): CanonicalHeader | null {
  const key = fold(header.replace(/^\uFEFF/, '')).replace(/[*:]/g, '').trim();
  const snake = key.replace(/[\s-]+/g, '_');
  if (snake in CANONICAL_HEADERS) return snake as CanonicalHeader;
  return HEADER_ALIASES[key.replace(/_/g, ' ')] ?? null;
}

export const REQUIRED_HEADERS: CanonicalHeader[] = ['ma_ho_so', 'trang_thai'];

// Accepted spellings of coded values (folded): canonical key, Vietnamese label, national code (§4.2).
const CHANNELS: Record<string, DossierChannel> = {
  truc_tuyen: 'truc_tuyen', 'truc tuyen': 'truc_tuyen', online: 'truc_tuyen', '2': 'truc_tuyen',
  truc_tiep: 'truc_tiep', 'truc tiep': 'truc_tiep', '1': 'truc_tiep',
  buu_chinh: 'buu_chinh', 'buu chinh': 'buu_chinh', 'buu chinh cong ich': 'buu_chinh', bcci: 'buu_chinh', '3': 'buu_chinh',
};
const LEVELS: Record<string, DossierOnlineLevel> = {
  toan_trinh: 'toan_trinh', 'toan trinh': 'toan_trinh', 'dvc truc tuyen toan trinh': 'toan_trinh', '4': 'toan_trinh',
  mot_phan: 'mot_phan', 'mot phan': 'mot_phan', 'dvc truc tuyen mot phan': 'mot_phan', '3': 'mot_phan',
  khong: 'khong', '2': 'khong', 'dich vu cong': 'khong', 'thong tin': 'khong',
};
const SOURCES: Record<string, DossierSource> = {
  mot_cua: 'mot_cua', 'mot cua': 'mot_cua', 'he thong mot cua': 'mot_cua',
  lien_thong: 'lien_thong', 'lien thong': 'lien_thong', 'lien thong ho tich': 'lien_thong',
  chung_thuc_dien_tu: 'chung_thuc_dien_tu', 'chung thuc dien tu': 'chung_thuc_dien_tu',
};
// Status labels of docs/domain.md §4.2, folded.
const STATUS_LABELS: Record<string, number> = {
  'moi dang ky': 1, 'duoc tiep nhan': 2, 'da tiep nhan': 2, 'khong duoc tiep nhan': 3, 'dang xu ly': 4,
  'yeu cau bo sung giay to': 5, 'yeu cau bo sung': 5, 'yeu cau thuc hien nghia vu tai chinh': 6,
  'cong dan yeu cau rut ho so': 7, 'rut ho so': 7, 'dung xu ly': 8, 'da xu ly xong': 9, 'da tra ket qua': 10,
};


/** A problem with one field of one record; `key` is an i18n key under dossiers:errors. */
export interface FieldProblem {
  field: CanonicalHeader | null;
  key: string;
  params?: Record<string, string | number>;
}

export type RawValue = string | number | Date | boolean | null | undefined;

/** Parses dd/MM/yyyy, d/M/yyyy, yyyy-MM-dd (a time part is ignored), Excel dates and serials. */
export function parseDate(v: RawValue): string | null | undefined {
  if (v === null || v === undefined || v === '') return null;
  if (v instanceof Date) {
    if (Number.isNaN(v.getTime())) return undefined;
    // Spreadsheet dates carry no zone: exceljs gives them at UTC midnight.
    return isoDate(v.getUTCFullYear(), v.getUTCMonth() + 1, v.getUTCDate());
  }
  if (typeof v === 'number') {
    // Excel serial day numbers (1900 system) for the years 1950–2100.
    if (v < 18_264 || v > 73_051) return undefined;
    const d = new Date(Date.UTC(1899, 11, 30) + Math.floor(v) * 86_400_000);
    return isoDate(d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate());
  }
  const s = String(v).trim();
  if (!s) return null;
  let m = /^(\d{4})-(\d{1,2})-(\d{1,2})(?:[T\s].*)?$/.exec(s);
  if (m) return isoDate(Number(m[1]), Number(m[2]), Number(m[3]));
  m = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})(?:\s.*)?$/.exec(s);
  if (m) return isoDate(Number(m[3]), Number(m[2]), Number(m[1]));
  return undefined;
}

function isoDate(y: number, mo: number, d: number): string | undefined {
  if (y < 1950 || y > 2100 || mo < 1 || mo > 12 || d < 1) return undefined;
  const dt = new Date(Date.UTC(y, mo - 1, d));
  if (dt.getUTCMonth() !== mo - 1) return undefined;
  return `${y}-${String(mo).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

function text(v: RawValue, max: number): string | null | undefined {
  if (v === null || v === undefined) return null;
  const s = cleanText(v instanceof Date ? v.toISOString() : String(v)).replace(/\s+/g, ' ').trim();
  if (!s) return null;
  return s.length > max ? undefined : s;
}

function coded<T>(v: RawValue, table: Record<string, T>): T | null | undefined {
  const s = text(v, 100);
  if (s === null || s === undefined) return s;
  return table[fold(s)] ?? table[fold(s).replace(/\s+/g, '_')] ?? undefined;
}

// Longest field lengths, from the schema's column sizes.
const MAX_PROCEDURE_CODE = 40;
const MAX_TEXT = 1_000;
const MAX_PHONE = 32;

/**
 * Validates one record given as canonical header → raw value. Returns the record, or every
 * problem found (so a staff member fixes a row in one go).
 */
export function parseDossierRecord(raw: Partial<Record<CanonicalHeader, RawValue>>): { record?: DossierRecord; problems: FieldProblem[] } {
  const problems: FieldProblem[] = [];
  const bad = (field: CanonicalHeader, key: string, params: Record<string, string | number> = {}) =>
    problems.push({ field, key, params: { value: shown(raw[field]), ...params } });

  const codeText = text(raw.ma_ho_so, 100);
  const code = codeText ? normalizeDossierCode(codeText) : null;
  if (!codeText) bad('ma_ho_so', 'required');
  else if (!code) bad('ma_ho_so', 'bad_code');

  let status: number | null = null;
  const st = raw.trang_thai;
  if (st === null || st === undefined || st === '') bad('trang_thai', 'required');
  else {
    const n = typeof st === 'number' ? st : /^\s*\d+\s*$/.test(String(st)) ? Number(String(st).trim()) : (STATUS_LABELS[fold(String(st))] ?? NaN);
    if (Number.isInteger(n) && n >= 1 && n <= 10) status = n;
    else bad('trang_thai', 'bad_status');
  }

  const dates = {} as Record<'receivedDate' | 'dueDate' | 'endDate' | 'returnedDate' | 'apologyDate' | 'newDueDate', string | null>;
  const dateFields = [
    ['ngay_tiep_nhan', 'receivedDate'], ['ngay_hen_tra', 'dueDate'], ['ngay_ket_thuc_xu_ly', 'endDate'],
    ['ngay_tra_ket_qua', 'returnedDate'], ['ngay_xin_loi', 'apologyDate'], ['ngay_hen_moi', 'newDueDate'],
  ] as const;
  for (const [header, field] of dateFields) {
    const d = parseDate(raw[header]);
    if (d === undefined) {
      bad(header, 'bad_date');
      dates[field] = null;
    } else dates[field] = d;
  }

  const one = <T>(header: CanonicalHeader, v: T | null | undefined, key: string): T | null => {
    if (v === undefined) {
      bad(header, key);
      return null;
    }
    return v;
  };
  const procedureCode = one('ma_thu_tuc', text(raw.ma_thu_tuc, MAX_PROCEDURE_CODE), 'too_long');
  const procedureName = one('ten_thu_tuc', text(raw.ten_thu_tuc, MAX_TEXT), 'too_long');
  const field = one('linh_vuc', text(raw.linh_vuc, MAX_TEXT), 'too_long');
  const channel = one('kenh', coded(raw.kenh, CHANNELS), 'bad_channel');
  const onlineLevel = one('muc_do', coded(raw.muc_do, LEVELS), 'bad_level');
  const source = one('nguon', coded(raw.nguon, SOURCES), 'bad_source') ?? 'mot_cua';
  const applicantName = one('chu_ho_so', text(raw.chu_ho_so, MAX_TEXT), 'too_long');
  let applicantPhone = one('so_dien_thoai', text(raw.so_dien_thoai, MAX_PHONE), 'bad_phone');
  if (applicantPhone !== null) {
    // Keep digits (and a leading +): the look-up compares the last 4 digits.
    const digits = applicantPhone.replace(/[^\d+]/g, '');
    if (digits.replace(/\D/g, '').length < 4) {
      bad('so_dien_thoai', 'bad_phone');
      applicantPhone = null;
    } else applicantPhone = digits;
  }

  // Cross-field rules: dates in order; a finished dossier has its end date (the report counts by it).
  if (dates.receivedDate && dates.dueDate && dates.dueDate < dates.receivedDate)
    problems.push({ field: 'ngay_hen_tra', key: 'due_before_received' });
  if (dates.receivedDate && dates.endDate && dates.endDate < dates.receivedDate)
    problems.push({ field: 'ngay_ket_thuc_xu_ly', key: 'end_before_received' });
  if (dates.newDueDate && dates.dueDate && dates.newDueDate < dates.dueDate)
    problems.push({ field: 'ngay_hen_moi', key: 'new_due_before_due' });
  if (statusIn(RESULT_STATUSES, status) && !dates.endDate && !problems.some((p) => p.field === 'ngay_ket_thuc_xu_ly'))
    problems.push({ field: 'ngay_ket_thuc_xu_ly', key: 'end_required', params: { status: status! } });
  let derivedReturn = false;
  if (status === DOSSIER_STATUS.RETURNED && !dates.returnedDate && !problems.some((p) => p.field === 'ngay_tra_ket_qua')) {
    // Returned without a return date: the end date is the best known day it left the office.
    dates.returnedDate = dates.endDate;
    derivedReturn = true;
  }

  if (problems.length || !code || status === null) return { problems };
  // Fields the sender left out entirely (not an empty cell) keep their stored values.
  const keep = (Object.entries(CANONICAL_HEADERS) as [CanonicalHeader, keyof DossierRecord][])
    .filter(([h, f]) => !(h in raw) && f !== 'code' && f !== 'status' && !(f === 'returnedDate' && derivedReturn))
    .map(([, f]) => f as DossierField);
  return {
    problems,
    record: {
      code, procedureCode, procedureName, field, channel, onlineLevel, source, status,
      applicantName, applicantPhone, ...dates,
      ...(keep.length ? { keep } : {}),
    },
  };
}

function shown(v: RawValue): string {
  if (v === null || v === undefined) return '';
  const s = v instanceof Date ? v.toISOString().slice(0, 10) : String(v);
  return s.length > 40 ? `${s.slice(0, 40)}…` : s;
}

/** One problem as a sentence for staff (CLI) or an API client. */
export function describeProblem(t: TFunction, p: FieldProblem, labels: Partial<Record<CanonicalHeader, string>> = {}): string {
  // The column as the file names it ("Ngày tiếp nhận"), else the canonical name.
  const column = p.field ? t('dossiers:import.column', { column: labels[p.field] ?? p.field }) : '';
  return `${column}${t(`dossiers:errors.${p.key}`, p.params ?? {})}`;
}

/** API bodies use the canonical headers as keys (unknown keys are a mistake worth telling). */
export function parseApiObject(o: unknown): { raw?: Partial<Record<CanonicalHeader, RawValue>>; problems: FieldProblem[] } {
  if (!o || typeof o !== 'object' || Array.isArray(o)) return { problems: [{ field: null, key: 'not_object' }] };
  const raw: Partial<Record<CanonicalHeader, RawValue>> = {};
  const problems: FieldProblem[] = [];
  for (const [k, v] of Object.entries(o as Record<string, unknown>)) {
    const h = canonicalHeader(k);
    if (!h) {
      problems.push({ field: null, key: 'unknown_field', params: { name: k.slice(0, 40) } });
      continue;
    }
    if (v !== null && typeof v === 'object') {
      problems.push({ field: h, key: 'not_scalar' });
      continue;
    }
    raw[h] = v as RawValue;
  }
  return { raw, problems };
}
