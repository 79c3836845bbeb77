// Intent cues on the folded, repaired, synonym-rewritten key of a message. Cues are phrases,
// checked as whole words; the order of checks (understand.ts) settles messages with several cues.
import type { Intent } from '../core/types';
import { DOSSIER_CODE_SOURCE } from '../core/domain';

const phrase = (...alts: string[]) => new RegExp(`(?:^| )(?:${alts.join('|')})(?= |$)`);

/** A dossier code as printed on the receipt, among folded (lower-case) words (core/domain.ts). */
export const DOSSIER_CODE = new RegExp(`(?:^| )(?:${DOSSIER_CODE_SOURCE})(?= |$)`, 'i');

/** When a dossier was submitted: in the past ("rồi", "hôm thứ 5", "sáng nay", "3 ngày rồi"). */
const SUBMITTED_WHEN = ['roi', 'hom \\S+', 'bua \\S+', 'hom qua', 'sang nay', 'chieu nay', 'tuan truoc', 'thang truoc', 'tu \\S+', 'ngay \\S+', 'dau (?:thang|tuan|nam)'].join('|');
/** Asking how it is going. */
const PROGRESS_ASK = [
  'co chua', 'xong chua', 'bao gio co', 'khi nao co', 'sao chua', 'chua thay', 'co ket qua chua', 'duyet chua', 'lay duoc chua', 'den dau', 'toi dau', 'the nao roi',
  // "đã có quyết định chưa", "ký chưa", "trạng thái vẫn là chờ tiếp nhận", "sao lâu vậy"
  '(?:co )?quyet dinh chua', 'ky chua', 'duoc chua', 'tra (?:ket qua )?chua', 'trang thai', 'van (?:la|dang|con|chua|cho)', 'sao (?:lau|cham) (?:vay|the|qua|the nhi)',
].join('|');
/** Who a citizen asks for by name of role. */
const PERSON = ['can bo', 'nhan vien', 'tong dai vien', 'chuyen vien'].join('|');
/** Businesses whose phone number is not a request to talk to staff. */
const NOT_STAFF = ['tiem', 'quan', 'cua hang', 'cong ty', 'shop', 'benh vien', 'phong kham', 'bac si', 'dien luc', 'taxi', 'grab', 'nha xe', 'ngan hang'].join('|');

/** Both words of two families in one clause, in any order (a regex over a clause's folded key). */
const both = (a: string[], b: string[]) => `^(?=(?:.* )?(?:${a.join('|')})(?= |$)).*(?:^| )(?:${b.join('|')})(?= |$)`;

// Complaints told as a story, without complaint words (issue 12). Three families, each a word class
// of the commune's life, so that new wordings of the same kind are caught without a phrase per
// message (data/situations holds the phrases):
/** Public things of the commune a citizen reports a problem with (words that fold into common other words left out: "cho", "cong", "xuong")… */
const PUBLIC_THING = [
  'duong(?! (?:day|dan|ong|sinh))', 'ngo', 'hem', 'kiet', 'ong cong', 'cong (?:thoat nuoc|nuoc|ranh|ngam)', 'muong', 'kenh', 'ranh', 'chan cau', 'cay cau', 'cau (?:tre|go|treo|khi)',
  'den duong', 'loa', 'cay', 'cot dien', 'day dien', 'tram bom', 'thuy loi', 'ruong', 'gieng', 'nuoc gieng', 'nuoc may', 'xuong (?:go|may|cua|moc|han|san xuat)', 'nha may',
  'trai (?:heo|lon|ga|vit|bo)', 'chuong (?:heo|lon|ga|bo)', 'lo (?:gach|mo|than|voi)', 'san bong', 'nghia trang', 'bai rac', 'rac', 'via he', 'bo ke',
];
/** …and what is wrong with it. */
const PUBLIC_PROBLEM = [
  'bi tac', 'tac (?:nghen|het|ca|lai)', 'nghet', 'ngap', 'tran (?:vao|ra|len)', 'bi vo', 'vo (?:tung|nat|het)', 'nut', 'nut toac', 'lun', 'sut', 'sat lo', 'hu', 'xuong cap',
  'bi gay', 'gay do', 'sap do', 'nghieng', 'do nga', 'bui', 'khoi bui', 'on ao', 'on qua', 'tieng (?:cua|may|on|loa|hat)', 'to qua', 'khong ngu duoc', 'ko ngu duoc',
  'mui hoi', 'hoi thoi', 'boc mui', 'o nhiem', 'ho suot', 'kho nut', 'khong bom', 'ko bom', 'khong co nuoc', 'ko co nuoc', 'mat nuoc', 'xa thai', 'lan chiem', 'suyt', 'nguy hiem',
  // broken, someone hurt by it: "gãy mấy tấm ván", "bà cụ bị té xuống"
  'gay (?:mat|het|ca|may|nhieu)', 'bi gay', 'hu hong', 'bong troc', 'bi te', 'te (?:xuong|nga)', 'bi nga', 'nga (?:xuong|xe)', 'rot xuong',
  // at night, keeping people awake: "chạy máy cưa đến 11 giờ đêm", "không học được"
  'chay may', 'may cua', 'den (?:\\d+ )?(?:gio )?(?:dem|khuya)', 'nua dem', 'ca dem', 'suot dem', 'thau dem', 'dem khuya', 'khong hoc duoc', 'ko hoc duoc', 'khong chiu noi', 'ko chiu noi',
];
/** Nuisances that are a report whatever else is said. */
const NUISANCE = [
  'tha rong', 'do trom', 'do rac trom', 'xa ban', 'xa thai', 'danh bac', 'co bac', 'tu tap', 'dua xe', 'nhau nhet', 'trom cap', 'lan chiem', 'xay trai phep', 'xay dung trai phep',
];
/** An official or the commune's office… */
const OFFICIAL = [
  'can bo', 'nhan vien', 'xa', 'thon', 'truong thon', 'chu tich', 'bo phan mot cua', 'mot cua', 'phuong',
  'cong an', 'bao ve', 'cong chuc', 'dia chinh', 'tu phap', 'van thu', 'lanh dao', 'pho chu tich', 'uy ban', 'ubnd',
];
/** …failing a citizen: not coming, putting off, sending elsewhere, asking what the law does not. */
const FAILED = [
  'chua (?:xuong|thay (?:can bo|ai|nguoi)|tra loi|phan hoi|co mat|ai)', '(?:khong|ko) (?:chiu )?(?:xuong|tra loi|phan hoi|co mat|tiep|nghe may)',
  'hen (?:\\d+|may|nhieu|ba|hai|bon) lan', 'hen (?:lai|hoai|lan)', 'bat (?:ve|di lai|photo|chay|xin)', 'bat (?:em|e|toi|tui|minh|dan|nguoi dan|me|phai)(?: \\S+){0,3} (?:ve|xin|photo|mua|di lai|chay|cho)',
  'day (?:qua|sang)', 'dun day', 'do qua do lai', '(?:cho|doi) cap tren', 'bao (?:hoi|len hoi|ra hoi) (?:xa|thon|huyen|tinh)', 'hoi (?:xa|thon) thi (?:\\S+ ){0,2}bao',
  'luat (?:dau|co dau)', 'sai luat', 'trai luat', 'khong dung luat', 'chia khong deu', 'thieu trach nhiem', 'lam kho', 'gay kho', 'bi cham', 'cham (?:\\d+|may|hai|ba) (?:thang|tuan)',
  // not there, not signed, not let in: "đi vắng", "nói chưa ký, về đi", "hổng cho vô"
  'di vang', 'vang mat', 'chua ky', 'chua co chu ky', 'phai quay ve', '(?:khong|ko|k|hong|chang) cho (?:vo|vao|gap|nop|len)',
  'lan nao(?: \\S+){0,3} cung (?:di vang|vang|khong|ko|bao|hen|chua)',
  // sent back and made to redo it: "trả hồ sơ", "bắt làm lại", "đi lại 4 lần"
  'tra (?:lai |ve )?ho so', 'bat (?:lam|viet|khai|nop) lai', 'lam lai tu dau', 'di lai (?:\\d+|may|nhieu|ba|bon|nam) lan',
  // a day's work lost: "xin nghỉ làm cả buổi"
  'xin nghi (?:lam|viec)', 'nghi (?:lam|viec) (?:ca|nua) (?:buoi|ngay)', 'mat (?:ca|nua) (?:buoi|ngay)',
];

/** The commune's online services… */
const PORTAL = ['cong dich vu cong', 'dich vu cong', 'dvc', 'web', 'trang web', 'website', 'app', 'ung dung', 'vneid', 'he thong', 'link', 'may lay so', 'may bam so'];
/** …not working ("lỗi" folds into "lời": only with a word that says it is an error). */
const BROKEN = [
  'bi loi', 'bao loi', 'van loi', 'cu loi', 'toan loi', 'loi (?:he thong|ket noi|mang|dang nhap|thanh toan|hoai|suot|mai|hoai)', 'treo', 'quay (?:mai|hoai|vong)', 'sap',
  '(?:khong|ko|k|hong) (?:vao|dang nhap|tai|nop|gui|thanh toan|ky so|xac thuc|mo|load|hien)(?: \\S+)? duoc', 'dung im', 'bi dung', 'hong roi',
];

/** Help handed out by the commune (support after a storm, allowances)… */
const HANDOUT = ['ho tro', 'cuu tro', 'tro cap', 'tien ho tro', 'gao cuu tro', 'qua tet'];
/** …handed out unfairly. */
const UNFAIR = ['chia khong deu', 'bi bo sot', 'bo sot', 'thieu ten', 'khong cong bang', 'ko cong bang', 'thien vi', 'nguoi quen'];

/**
 * A complaint told across the clauses of a message ("loa thôn phát từ 5h, to quá"): a public thing
 * and its problem, a nuisance, help handed out unfairly, the online service broken.
 */
export const TOLD_COMPLAINT_ACROSS = new RegExp(
  `${both(PUBLIC_THING, PUBLIC_PROBLEM)}|(?:^| )(?:${NUISANCE.join('|')})(?= |$)|${both(HANDOUT, UNFAIR)}|${both(PORTAL, BROKEN)}`,
);
/**
 * A complaint told in one clause: those, or an official failing a citizen, said of the official in
 * the same clause ("cán bộ nói chưa ký"; not "công an nhắc khai báo. Chủ trọ thì đi vắng").
 */
export const TOLD_COMPLAINT = new RegExp(`${TOLD_COMPLAINT_ACROSS.source}|${both(OFFICIAL, FAILED)}`);

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
    `(?:da )?nop(?: \\S+){0,9} (?:${SUBMITTED_WHEN})(?: \\S+){0,6} (?:${PROGRESS_ASK})`,
    // What the portal shows of it: "trạng thái vẫn là chờ tiếp nhận", "vẫn đang xử lý".
    'trang thai(?: \\S+){0,3} (?:van|con|cu|dang|chi|bao)', '(?:van|con|cu) (?:la |dang |o )?(?:cho|dang) (?:tiep nhan|xu ly|duyet|phe duyet|giai quyet|bo sung|tham dinh)',
    // A dossier named by its procedure, asked how far it got: "hồ sơ tách thửa … đang ở khâu nào",
    // "đã có kết quả hồ sơ đăng ký thường trú của tôi chưa".
    'ho so(?: \\S+){0,8} (?:dang )?(?:o|toi|den) (?:khau|buoc|dau) (?:nao|roi)', '(?:o|toi|den) khau nao', '(?:da )?co ket qua (?:ho so|hs)(?: \\S+){0,8} chua',
    `ho so(?: \\S+){0,6} nop (?:${SUBMITTED_WHEN})(?: \\S+){0,6} (?:${PROGRESS_ASK}|dang o)`,
  ),
  human: phrase(
    'gap (?:can bo|nguoi that|nhan vien|truc tiep)', 'nguoi that', 'noi chuyen (?:truc tiep )?(?:voi )?(?:can bo|nguoi|nhan vien)',
    // A phone number asked for, not one of another business ("số điện thoại tiệm gas"), nor one
    // called in vain (a complaint).
    `(?:xin|co|can|cho) (?:(?:em|e|toi|tui|minh) )?(?:xin )?(?:sdt|so dien thoai|sd t)(?! (?:${NOT_STAFF}))`,
    'goi (?:dien )?truc tiep', 'tu van vien', 'tong dai',
    'chuyen (?:cho|sang) can bo', 'human', 'real person', 'talk to (?:someone|a person|staff)', 'operator', 'agent', 'representative',
    'can nguoi (?:tra loi|giup|that)', 'gap (?:ai do|nguoi|chi|anh) (?:o xa|truc tiep|can bo)',
    // A person asked for in so many words: "cho tui nói chuyện với ai trên xã", "có ai trực không",
    // "chuyển người giúp em", "gọi lại cho tôi", "nhân viên đâu rồi", "bot trả lời không đúng".
    `noi chuyen (?:truc tiep )?voi (?:ai|nguoi|ad|admin|anh chi|${PERSON})`, `(?:chuyen|noi may|ket noi) (?:cho |sang |qua |toi |voi )?(?:(?:em|e|toi|tui|minh) )?(?:gap )?(?:nguoi|${PERSON})`,
    `(?:can|muon|xin|cho) (?:(?:em|e|toi|tui|minh) )?(?:gap |hoi |noi voi )?(?:nguoi|${PERSON}) (?:tu van|ho tro|giup|tra loi|huong dan|that|truc)`,
    '(?:hoi|tu van|ho tro|noi chuyen|trao doi|gap) truc tiep', 'co ai (?:truc|o do|o day|tra loi|nghe|ho tro|giup)', `(?:${PERSON}) (?:dau|dau roi|dau het roi|dau het ca roi)`,
    '(?<!ai )goi lai (?:cho )?(?:em|e|toi|tui|minh)', '(?:bot|may|chatbot|tro ly ao) (?:\\S+ ){0,2}(?:khong|ko|hong|chang) (?:hieu|dung|biet)', 'chat voi (?:may|bot)',
    'speak (?:to|with)', 'talk (?:to|with)', 'call me', 'a human', 'live (?:agent|person|chat)', 'customer service', 'hotline',
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
    // "lấy 3 bản thì tính tiền sao", "1 bản bao nhiu", "bao nhiêu 1 lần"
    'tinh (?:tien|phi)', 'bao nhiu', 'nhieu tien', 'thu tien', 'lay tien', 'mat phi', 'ton phi', '(?:\\d+|mot) (?:ban|trang|to|lan|bo) (?:thi )?(?:bao nhieu|het|mat)', 'bao nhieu (?:\\d+|mot|moi) (?:ban|trang|to|lan|bo)',
    'cost', 'costs', 'fee', 'fees', 'how much', 'price',
  ),
};

/**
 * Asking how to file a complaint, not filing one: "thủ tục khiếu nại lần đầu như thế nào", "mẫu đơn
 * tố cáo", "khiếu nại … thì làm thủ tục gì" (the catalog has complaint procedures).
 */
export const COMPLAINT_PROCEDURE_ASKED = phrase(
  'thu tuc (?:giai quyet )?(?:khieu nai|to cao|kien nghi)', 'mau don (?:khieu nai|to cao|kien nghi)', '(?:khieu nai|to cao)(?: \\S+){0,16} (?:lam|la|theo) thu tuc (?:gi|nao|the nao)',
  '(?:khieu nai|to cao) lan (?:dau|hai|2)', 'trinh tu (?:khieu nai|to cao)',
  // The paperwork of one asked about: "làm đơn khiếu nại cái quyết định đó thì gửi ai, trong thời hạn bao lâu".
  '(?:lam|viet|gui|nop) don (?:khieu nai|to cao)(?: \\S+){0,12} (?:gui ai|gui (?:o )?dau|nop (?:o )?dau|nop cho ai|o dau|thoi han|han chot|bao lau|mau (?:nao|the nao)|can (?:gi|nhung gi)|giay to gi)',
  '(?:khieu nai|to cao)(?: \\S+){0,12} (?:trong )?thoi han (?:bao lau|la bao lau|may ngay)', 'thoi han (?:khieu nai|to cao)',
);

/** "nhắn" (to text) and "nhận" (to receive) fold alike: "nhắn tin hỏi" is not "nhận tin" (accented text). */
export const TEXTED = /(?:^| )nhắn(?= |$)/u;
export const RECEIVED = /(?:^| )nhận(?= |$)/u;

/** What a benefit pays ("được bao nhiêu tiền", "lãnh mấy trăm"), not what a procedure costs. */
export const BENEFIT_AMOUNT = phrase('(?:duoc|lanh|linh|nhan|huong) (?:duoc )?(?:bao nhieu|bn|may tram|may trieu)(?: tien)?(?: (?:mot|1|moi) thang)?');

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
