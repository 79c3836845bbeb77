// A dataset that reproduces the figures of the reference report (UBND xã Hoàng Kim, Q2/2024,
// docs/domain.md §1.3–§2.1): 315 received = 302 online + 9 direct/postal + 4 carried over; 315 resolved =
// 255 before + 60 on time + 0 late; 0 in process; 82 toàn trình + 233 một phần; 2 apology letters;
// 227 rating forms scoring 17,1 with 2 / 53 / 172 forms Bình thường / Hài lòng / Rất hài lòng.
// Around it: dossiers that must NOT count (statuses 1 and 3, received on 15/06, finished on 14/03).
import type { Db } from '../../models/db';
import { dossiers } from '../../models/schema/dossiers';
import { ratings } from '../../models/schema/ratings';

export type DossierRow = typeof dossiers.$inferInsert;
export type RatingRow = typeof ratings.$inferInsert;

let seq = 0;
export function dossier(p: Partial<DossierRow>): DossierRow {
  seq += 1;
  return {
    code: p.code ?? `000.00.00.H56-240000-${String(seq).padStart(5, '0')}`,
    status: 10,
    source: 'mot_cua',
    channel: 'truc_tuyen',
    onlineLevel: 'mot_phan',
    field: 'Chứng thực',
    procedureCode: '2.000815',
    procedureName: 'Cấp bản sao từ sổ gốc',
    contentHash: `fixture-${seq}`,
    ...p,
  };
}

export async function insertDossiers(db: Db, rows: DossierRow[]): Promise<void> {
  for (let i = 0; i < rows.length; i += 500) await db.insert(dossiers).values(rows.slice(i, i + 500));
}

/** Adds `days` to an ISO date. */
export function addDays(iso: string, days: number): string {
  const d = new Date(`${iso}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

const FIELDS = [
  { field: 'Chứng thực', procedureCode: '2.000815', source: 'chung_thuc_dien_tu' as const },
  { field: 'Hộ tịch', procedureCode: '1.001193', source: 'lien_thong' as const },
  { field: 'Hộ tịch', procedureCode: '1.004746', source: 'mot_cua' as const },
  { field: 'Bảo trợ xã hội', procedureCode: '1.001776', source: 'mot_cua' as const },
  { field: 'Người có công', procedureCode: '1.010801', source: 'mot_cua' as const },
];

/** The 315 dossiers of the reference quarter plus the ones that must not count. */
export function referenceDossiers(): DossierRow[] {
  const rows: DossierRow[] = [];
  // 311 received in the period: 302 online, 6 at the counter, 3 by post; spread over 15/03 … 14/06.
  for (let i = 0; i < 311; i++) {
    const channel = i < 302 ? 'truc_tuyen' : i < 308 ? 'truc_tiep' : 'buu_chinh';
    const received = i === 0 ? '2024-03-15' : i === 310 ? '2024-06-14' : addDays('2024-03-15', i % 90);
    const f = FIELDS[i % FIELDS.length]!;
    rows.push(dossier({ channel, receivedDate: received, ...f, onlineLevel: 'mot_phan' }));
  }
  // 4 carried over: received 12–14/03, finished inside the period (due three days later).
  for (let i = 0; i < 4; i++) {
    rows.push(dossier({ channel: 'truc_tiep', receivedDate: i === 0 ? '2024-03-14' : addDays('2024-03-11', i), ...FIELDS[i]!, onlineLevel: 'mot_phan' }));
  }
  // 82 of the 315 belong to full-online procedures.
  for (let i = 0; i < 82; i++) rows[i * 3]!.onlineLevel = 'toan_trinh';

  // Outcomes: 255 before the due date, 60 on it (incl. 2 withdrawn, 3 without due date, 2 after an apology).
  rows.forEach((r, i) => {
    const received = r.receivedDate!;
    if (i < 255) {
      r.dueDate = addDays(received, 5);
      r.endDate = addDays(received, 2);
    } else {
      // Due (and finished) at the latest on 14/06, the last day of the period.
      const due = addDays(received, 3);
      r.dueDate = due > '2024-06-14' ? '2024-06-14' : due;
      r.endDate = r.dueDate;
    }
    r.returnedDate = r.endDate;
  });
  const onTime = rows.filter((r) => r.endDate === r.dueDate && r.receivedDate! >= '2024-03-15');
  // Withdrawn: status 7, ended in the period → on time whatever the due date (06a rule).
  onTime[0]!.status = 7;
  onTime[0]!.returnedDate = null;
  onTime[1]!.status = 7;
  onTime[1]!.endDate = addDays(onTime[1]!.dueDate!, 2);
  // No due date → on time.
  for (const r of onTime.slice(2, 5)) r.dueDate = null;
  // Apology letters: finished after the original date but on the new one (NĐ 61/2018 Art. 19.9).
  for (const r of onTime.slice(5, 7)) {
    r.field = 'Chứng thực';
    r.apologyDate = addDays(r.dueDate!, -1);
    r.newDueDate = addDays(r.dueDate!, 3);
    r.endDate = r.newDueDate;
    r.returnedDate = r.newDueDate;
  }
  return [...rows, ...outsideDossiers()];
}

/** Dossiers around the period that must not count in Q2/2024. */
export function outsideDossiers(): DossierRow[] {
  return [
    // Not received: statuses 1 (submitted online, not accepted yet) and 3 (refused).
    ...[1, 1, 1, 3, 3].map((status) => dossier({ status, receivedDate: '2024-04-02', dueDate: '2024-04-05', endDate: null })),
    // Received on 15/06: next quarter.
    ...[2, 4, 10].map((status) =>
      dossier({ status, receivedDate: '2024-06-15', dueDate: '2024-06-20', endDate: status === 10 ? '2024-06-18' : null }),
    ),
    // Received and finished before the period (ended on 14/03).
    dossier({ status: 10, receivedDate: '2024-03-10', dueDate: '2024-03-14', endDate: '2024-03-14' }),
    dossier({ status: 7, receivedDate: '2024-02-01', dueDate: '2024-02-10', endDate: '2024-03-14' }),
  ];
}

/** 227 forms: 2 Bình thường, 53 Hài lòng, 172 Rất hài lòng; index scores 1,9+2+2+2+2+2+1,9+2+1,3 = 17,1. */
export function referenceRatings(): RatingRow[] {
  const rows: RatingRow[] = [];
  for (let i = 0; i < 227; i++) {
    const level = i < 2 ? 'binh_thuong' : i < 55 ? 'hai_long' : 'rat_hai_long';
    rows.push({
      dossierCode: `R-${i}`,
      ratedOn: i === 0 ? '2024-03-15' : i === 1 ? '2024-06-14' : addDays('2024-03-16', i % 85),
      idx1: i < 22 ? 1 : 2, // (22 + 410) / 227 = 1,903 → 1,9
      idx2: i < 100 ? null : 2, // averaged over the 127 forms that have it → 2,0
      idx3: 2,
      idx4: 2,
      idx5: 2,
      idx6: 2,
      idx7: i >= 205 ? 1 : 2, // 1,9
      idx8: 2,
      idx9: i < 68 ? 2 : 1, // (136 + 159) / 227 = 1,2996 → 1,3
      level,
      origin: 'import',
    });
  }
  // Outside the period: would lower the score and add Không hài lòng if counted.
  for (const ratedOn of ['2024-03-14', '2024-06-15']) {
    rows.push({ dossierCode: `R-out-${ratedOn}`, ratedOn, idx1: 0, idx3: 0, idx4: 0, idx7: 0, idx9: 0, level: 'khong_hai_long', origin: 'import' });
  }
  return rows;
}

export async function loadReferenceQuarter(db: Db): Promise<void> {
  await insertDossiers(db, referenceDossiers());
  await db.insert(ratings).values(referenceRatings());
}
