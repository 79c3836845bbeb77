// Intent cues on the folded, repaired, synonym-rewritten key of a message. Cues are phrases,
// checked as whole words; the order of checks (understand.ts) settles messages with several cues.
import type { Intent } from '../core/types';
import { DOSSIER_CODE_SOURCE } from '../core/domain';

const phrase = (...alts: string[]) => new RegExp(`(?:^| )(?:${alts.join('|')})(?= |$)`);

/** A dossier code as printed on the receipt, among folded (lower-case) words (core/domain.ts). */
export const DOSSIER_CODE = new RegExp(`(?:^| )(?:${DOSSIER_CODE_SOURCE})(?= |$)`, 'i');

export const CUES: Record<Exclude<Intent, 'procedure' | 'unknown' | 'referral'>, RegExp> = {
  unsubscribe: phrase(
    'huy nhan tin', 'huy (?:dang ky )?nhan (?:ban )?tin', 'huy dang ky nhan', 'dung (?:gui|nhan) (?:tin|thong bao|ban tin)',
    'khong muon nhan (?:tin|ban tin|thong bao)(?: nua)?', 'khong nhan (?:tin|ban tin) nua', 'unsubscribe', 'stop',
    'huy (?:nhan )?ban tin', 'bo theo doi',
  ),
  subscribe: phrase(
    'nhan (?:ban tin|tin tuc|thong bao|tin)(?: (?:cua xa|hang tuan|moi tuan|tuan))?', 'dang ky (?:nhan|theo doi) (?:ban tin|tin|thong bao)', 'subscribe',
    'theo doi (?:ban tin|tin tuc)',
  ),
  dossier_status: phrase(
    'ma (?:ho so|hs)', 'tra cuu (?:tinh trang )?(?:ho so|hs)', 'tinh trang (?:ho so|hs)', 'ho so (?:cua em|cua toi|cua minh) (?:sao roi|den dau|the nao roi)',
    '(?:den|o) buoc nao', 'den dau roi', 'xong chua', 'co ket qua chua', 'da co ket qua chua', 'sao roi', 'chua thay (?:bao|tra|ket qua)',
    'kiem tra (?:giup|gium|ho)', 'lay duoc chua', 'giai quyet den dau', 'so bien nhan', 'phieu hen',
  ),
  human: phrase(
    'gap (?:can bo|nguoi that|nhan vien|truc tiep)', 'nguoi that', 'noi chuyen (?:truc tiep )?(?:voi )?(?:can bo|nguoi|nhan vien)',
    'noi chuyen truc tiep', '(?:xin )?(?:sdt|so dien thoai|sd t)', 'goi (?:dien )?truc tiep', 'tu van vien', 'tong dai',
    'chuyen (?:cho|sang) can bo', 'human', 'real person', 'talk to (?:someone|a person|staff)',
  ),
  feedback: phrase(
    'phan anh', 'kien nghi', 'gop y', 'khieu nai', 'to cao', 'de nghi xa', 'mong xa', 'xa nen', 'bat (?:em|toi|dan) (?:di lai|photo|cho)',
    'kho chiu', 'thai do', 'hach dich', 'nhung nhieu', 'cho (?:gan |hon )?\\d+ tieng', 'bi loi', 'hong (?:ca|roi|may)', 'may lay so',
    'complain', 'complaint',
  ),
  rating: phrase('danh gia', 'cham diem', '(?:rat |khong )?hai long', 'rate', 'rating', '\\d sao'),
  greeting: phrase(
    'xin chao', 'chao', 'hello', 'hi', 'alo', 'good (?:morning|afternoon|evening)', 'cam on', 'tks', 'thanks', 'thank you', 'thank',
    'ok', 'oke', 'hieu roi', 'menu', 'bat dau',
  ),
  fee: phrase(
    'le phi', '(?<!(?:chi|hoc|tang|vien) )phi', 'bao nhieu tien', 'may tien', 'mat tien', 'ton tien', 'het bao nhieu', 'mat bao nhieu(?! ngay| lau)',
    'gia bao nhieu', 'gia (?:the nao|ca)', 'thu phi', '(?:dong|nop|tra) tien', 'mien phi', 'bn tien', 'bn', 'het tien', 'tien (?:phi|le phi)',
    'cost', 'costs', 'fee', 'fees', 'how much', 'price',
  ),
};

/** Greeting/thanks only: nothing else of substance in the message. */
export const GREETING_ONLY_MAX_TERMS = 2;

/** Asking about time / place / documents of the procedure in context (follow-ups). */
export const FOLLOW_UP: Record<'fee' | 'time' | 'where' | 'documents' | 'online', RegExp> = {
  fee: CUES.fee,
  time: phrase('bao lau', 'may ngay', 'mat may ngay', 'thoi gian', 'thoi han', 'khi nao (?:co|lay|xong)', 'how long'),
  where: phrase('o dau', 'cho nao', 'noi nao', 'nop (?:o )?dau', 'where'),
  documents: phrase('giay to gi', 'can gi', 'can nhung gi', 'ho so gom', 'mang (?:theo )?(?:nhung )?gi', 'giay gi', 'thanh phan', 'documents', 'papers'),
  online: phrase('truc tuyen', 'online', 'qua mang', 'vneid'),
};

/** Picks an option of the last list: "cái thứ hai", "số 2", "cái cuối". */
export function ordinalPick(key: string): number | 'last' | null {
  const m = /(?:^| )(?:cai|so|muc|thu tuc|phuong an|lua chon)? ?thu (nhat|hai|ba|tu|nam|\d)(?= |$)/.exec(key);
  if (m) {
    const map: Record<string, number> = { nhat: 1, hai: 2, ba: 3, tu: 4, nam: 5 };
    return map[m[1]!] ?? Number(m[1]);
  }
  if (/(?:^| )cai (?:cuoi|sau cung)(?= |$)/.test(key)) return 'last';
  if (/(?:^| )cai dau(?: tien)?(?= |$)/.test(key)) return 1;
  return null;
}
