// Factories for the rows tests need most: a staff account, a dossier, a petition (PAKN), a weekly
// bulletin. Each has plausible defaults; a test names only what it is about.
import type { Db } from '../../models/db';
import { createAdminUser, type AdminRole, type AdminUser } from '../../admin/users';
import { parseDossierRecord, type CanonicalHeader } from '../../handlers/dossiers/records';
import { applyDossierRecords, type DossierRecord } from '../../models/repos/dossiers/records';
import { createFeedback, type CreateOptions, type NewFeedback } from '../../models/repos/feedback/filing';
import type { FeedbackRow } from '../../models/repos/feedback/states';
import { DEFAULT_DUE_WORKING_DAYS } from '../../models/repos/feedback/deadlines';
import { createPublication, transitionPublication } from '../../models/repos/publications';

// ---- staff accounts

export const TEST_PASSWORD = 'mat-khau-thu-nghiem-1';

/** A staff account (by default 'lan', role staff, password TEST_PASSWORD). */
export function createUser(
  db: Db,
  opts: { username?: string; role?: AdminRole; password?: string; displayName?: string; mustChangePassword?: boolean } = {},
): Promise<AdminUser> {
  return createAdminUser(db, { username: 'lan', role: 'staff', password: TEST_PASSWORD, ...opts });
}

// ---- dossiers

/** A dossier as a row of the provincial export (canonical headers). */
export type Row = Partial<Record<CanonicalHeader, string | number | Date>>;

/** The code of test dossier n: 000.00.06.H56-240401-000n. */
export function code(n: number, day = '240401'): string {
  return `000.00.06.H56-${day}-${String(n).padStart(4, '0')}`;
}

/** A plausible dossier row; overrides win. */
export function row(n: number, over: Row = {}): Row {
  return {
    ma_ho_so: code(n),
    ma_thu_tuc: '1.001193',
    ten_thu_tuc: 'Đăng ký khai sinh',
    linh_vuc: 'Hộ tịch',
    kenh: 'truc_tuyen',
    muc_do: 'toan_trinh',
    nguon: 'mot_cua',
    ngay_tiep_nhan: '01/04/2024',
    ngay_hen_tra: '03/04/2024',
    trang_thai: 4,
    chu_ho_so: `Nguyễn Văn ${n}`,
    so_dien_thoai: `09${String(10_000_000 + n).slice(-8)}`,
    ...over,
  };
}

/** Dossier rows stored as an import (or an API push) stores them: read as the export is read, then applied. */
export async function addDossiers(db: Db, rows: Row[], source: 'import' | 'api' = 'import') {
  const records = rows.map((r) => {
    const { record, problems } = parseDossierRecord(r);
    if (!record) throw new Error(`not a dossier row: ${JSON.stringify(problems)}`);
    return record;
  });
  return applyDossierRecords(db, records, source);
}

/** A dossier record as the import hands it to the store; overrides win. */
export function dossierRecord(over: Partial<DossierRecord> = {}): DossierRecord {
  const status = over.status ?? 4;
  return {
    code: code(1),
    procedureCode: '1.001193',
    procedureName: 'Đăng ký khai sinh',
    field: 'Hộ tịch',
    channel: 'truc_tuyen',
    onlineLevel: 'toan_trinh',
    source: 'lien_thong',
    receivedDate: '2024-08-23',
    dueDate: '2024-08-26',
    endDate: status === 10 ? '2024-08-24' : null,
    returnedDate: status === 10 ? '2024-08-24' : null,
    status,
    applicantName: 'Nguyễn Văn A',
    applicantPhone: '0912345678',
    apologyDate: null,
    newDueDate: null,
    ...over,
  };
}

// ---- petitions (PAKN)

/** The filing settings of the test configuration: default time limits, Monday to Friday. */
export const FILING: CreateOptions = { dueDays: DEFAULT_DUE_WORKING_DAYS, officeDays: [1, 2, 3, 4, 5] };

/**
 * A petition filed as the chat form files it (a code of the day, its time limit); by default a
 * 'khac' petition from web user citizen-1 in Vietnamese. `now` is the moment of receipt.
 */
export function createPetition(db: Db, over: Partial<NewFeedback> = {}, now?: Date | string): Promise<FeedbackRow> {
  return createFeedback(
    db,
    { kind: 'khac', channel: 'web', userId: 'citizen-1', lang: 'vi', content: 'Nội dung phản ánh', ...over },
    { ...FILING, now: typeof now === 'string' ? new Date(now) : now },
  );
}

// ---- weekly bulletins

/**
 * An approved bulletin for week 2024-W24 (submitted by staff, approved by an official), ready to send;
 * `received` is the week's figure of dossiers received, `texts` what subscribers read.
 */
export async function approvedBulletin(db: Db, opts: { received?: number; texts?: { vi: string; en: string } } = {}) {
  const week = { week: '2024-W24', from: '2024-06-10', to: '2024-06-16' };
  const p = await createPublication(db, {
    week: week.week, periodStart: week.from, periodEnd: week.to, createdBy: 'staff',
    content: { ...week, received: opts.received ?? 0, resolved: { total: 0, early: 0, onTime: 0, late: 0 }, inProcess: { total: 0, onTime: 0, overdue: 0 }, ready: [] },
    texts: opts.texts ?? { vi: 'Bản tin tuần 2024-W24', en: 'Bulletin 2024-W24' },
  });
  await transitionPublication(db, p.id, 'submitted', 'staff');
  return transitionPublication(db, p.id, 'approved', 'official');
}
