// Intent cues on the folded, repaired, synonym-rewritten key of a message. Cues are phrases,
// checked as whole words; the order of checks (understand.ts) settles messages with several cues.
import type { Intent } from '../core/types';
import { DOSSIER_CODE_SOURCE } from '../core/domain';

const phrase = (...alts: string[]) => new RegExp(`(?:^| )(?:${alts.join('|')})(?= |$)`);

/** A dossier code as printed on the receipt, among folded (lower-case) words (core/domain.ts). */
export const DOSSIER_CODE = new RegExp(`(?:^| )(?:${DOSSIER_CODE_SOURCE})(?= |$)`, 'i');

/** When a dossier was submitted: in the past ("rồi", "hôm thứ 5", "sáng nay", "3 ngày rồi"). */
const SUBMITTED_WHEN = ['roi', 'hom \\S+', 'hom qua', 'sang nay', 'chieu nay', 'tuan truoc', 'thang truoc', 'tu \\S+', 'ngay \\S+'].join('|');
/** Asking how it is going. */
const PROGRESS_ASK = ['co chua', 'xong chua', 'bao gio co', 'khi nao co', 'sao chua', 'chua thay', 'co ket qua chua', 'duyet chua', 'lay duoc chua', 'den dau', 'toi dau', 'the nao roi'].join('|');
/** Businesses whose phone number is not a request to talk to staff. */
const NOT_STAFF = ['tiem', 'quan', 'cua hang', 'cong ty', 'shop', 'benh vien', 'phong kham', 'bac si', 'dien luc', 'taxi', 'grab', 'nha xe', 'ngan hang'].join('|');

export const CUES: Record<Exclude<Intent, 'procedure' | 'unknown' | 'referral'>, RegExp> = {
  unsubscribe: phrase(
    '(?:khong|ko|k|hong|hem|kg) (?:muon )?nhan (?:tin|ban tin|thong bao)(?: \\S+){0,3} nua', 'huy (?:dang ky |dk |dang ki )?nhan', 'huy (?:gium|giup|di|luon)(?= |$)(?=.*(?:ban tin|nhan tin|thong bao))',
    '(?:ngung|ngu?ng|dung|thoi|khoi) (?:gui|nhan) (?:ban tin|tin|thong bao)', '(?:thoi|khoi|dung|ngung) gui(?: \\S+){0,4} nua',
    'huy nhan tin', 'huy (?:dang ky )?nhan (?:ban )?tin', 'huy dang ky nhan', 'dung (?:gui|nhan) (?:tin|thong bao|ban tin)',
    'khong muon nhan (?:tin|ban tin|thong bao)(?: nua)?', 'khong nhan (?:tin|ban tin) nua', 'unsubscribe', 'stop',
    'huy (?:nhan )?ban tin', 'bo theo doi',
  ),
  subscribe: phrase(
    'nhan (?:ban tin|tin tuc|thong bao|tin)(?: (?:cua xa|hang tuan|moi tuan|tuan))?', 'dang ky (?:nhan|theo doi) (?:ban tin|tin|thong bao)', 'subscribe',
    'theo doi (?:ban tin|tin tuc)', 'dang ky nhan lai', 'nhan lai (?:ban tin|tin)',
  ),
  dossier_status: phrase(
    'ma (?:ho so|hs)', 'tra cuu (?:tinh trang )?(?:ho so|hs)', 'tinh trang (?:ho so|hs)', 'ho so (?:cua em|cua toi|cua minh) (?:sao roi|den dau|the nao roi)',
    '(?:den|o) buoc nao', 'den dau roi', 'xong chua', 'co ket qua chua', 'da co ket qua chua', 'sao roi', 'chua thay (?:bao|tra|ket qua)',
    'kiem tra (?:giup|gium|ho)', 'lay duoc chua', 'giai quyet den dau', 'so bien nhan', 'phieu hen',
    // A procedure named instead of a code, submitted in the past, asked about: "khai sinh của bé nộp
    // trên vneid sáng nay, bao giờ có kết quả".
    `(?:da )?nop(?: \\S+){0,5} (?:${SUBMITTED_WHEN})(?: \\S+){0,6} (?:${PROGRESS_ASK})`,
  ),
  human: phrase(
    'gap (?:can bo|nguoi that|nhan vien|truc tiep)', 'nguoi that', 'noi chuyen (?:truc tiep )?(?:voi )?(?:can bo|nguoi|nhan vien)',
    // A phone number asked for, not one of another business ("số điện thoại tiệm gas"), nor one
    // called in vain (a complaint).
    `(?:xin|co|can|cho) (?:(?:em|e|toi|tui|minh) )?(?:xin )?(?:sdt|so dien thoai|sd t)(?! (?:${NOT_STAFF}))`,
    'goi (?:dien )?truc tiep', 'tu van vien', 'tong dai',
    'chuyen (?:cho|sang) can bo', 'human', 'real person', 'talk to (?:someone|a person|staff)', 'operator', 'agent', 'representative',
    'can nguoi (?:tra loi|giup|that)', 'gap (?:ai do|nguoi|chi|anh) (?:o xa|truc tiep|can bo)',
  ),
  feedback: phrase(
    'phan anh', 'kien nghi', 'gop y', 'khieu nai', 'to cao', 'de nghi xa', 'mong xa', 'xa nen', 'bat (?:em|toi|dan) (?:di lai|photo|cho)',
    'kho chiu', 'thai do', 'hach dich', 'nhung nhieu', 'cho (?:gan |hon )?\\d+ tieng', 'bi loi', 'hong (?:ca|roi|may)', 'may lay so',
    'complain', 'complaint', 'buc xuc', 'coc loc', 'coc can', 'tho lo', 'vo le', 'lam kho (?:dan|nguoi dan|em|toi)', 'doi them tien',
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
