// Intent cues on the folded, repaired, synonym-rewritten key of a message. Cues are phrases,
// checked as whole words; the order of checks (understand.ts) settles messages with several cues.
import type { Intent } from '../core/types';
import { DOSSIER_CODE_SOURCE } from '../core/domain';

const phrase = (...alts: string[]) => new RegExp(`(?:^| )(?:${alts.join('|')})(?= |$)`);

/** A dossier code as printed on the receipt, among folded (lower-case) words (core/domain.ts). */
export const DOSSIER_CODE = new RegExp(`(?:^| )(?:${DOSSIER_CODE_SOURCE})(?= |$)`, 'i');

/** When a dossier was submitted: in the past ("rồi", "hôm thứ 5", "sáng nay", "3 ngày rồi"). */
const SUBMITTED_WHEN = ['roi', 'hom \\S+', 'bua \\S+', 'hom qua', 'sang nay', 'chieu nay', 'tuan truoc', 'thang truoc', 'tu \\S+', 'ngay \\S+', 'dau (?:thang|tuan|nam)'].join('|');
/**
 * A progress question presumes a dossier handed in, and says so ("nộp", "hồ sơ", "chưa"): without it,
 * right after a procedure, "khi nào lấy được" asks how long that procedure takes.
 */
export const SUBMISSION_SAID = new RegExp(`(?:^| )(?:nop|da nop|da gui|ho so|hs|chua|roi|bien nhan|phieu hen|giay hen|cua (?:em|e|toi|tui|minh|nha))(?= |$)`);
/** Asking how it is going. */
const PROGRESS_ASK = [
  'co chua', 'xong chua', 'bao gio co', 'khi nao co', 'sao chua', 'chua thay', 'co ket qua chua', 'duyet chua', 'lay duoc chua', 'den dau', 'toi dau', 'the nao roi',
  // "đã có quyết định chưa", "ký chưa", "trạng thái vẫn là chờ tiếp nhận", "sao lâu vậy"
  '(?:co )?quyet dinh chua', 'ky chua', 'duoc chua', 'tra (?:ket qua )?chua', 'trang thai', 'van (?:la|dang|con|chua|cho)', 'sao (?:lau|cham) (?:vay|the|qua|the nhi)',
  // "nộp lâu rồi chưa có kết quả", "xem tình trạng ở đâu"
  'chua co (?:ket qua|gi|quyet dinh|tin|giay)', 'chua (?:thay )?(?:gi|tin tuc|dong tinh)', 'chua xong', 'chua duoc (?:duyet|giai quyet|tra|ky)', 'chua lay duoc', 'xem (?:tinh trang|ket qua|tien do)',
].join('|');
/** Who a citizen asks for by name of role. */
const PERSON = ['can bo', 'nhan vien', 'tong dai vien', 'chuyen vien'].join('|');
/**
 * Words that, before "mặt tiền", make it the road front of a property (folded). Not "căn": it folds
 * like "cần", and "có cần mất tiền không" asks the fee.
 */
const FRONTAGE_OF = ['dat', 'nha', 'lo', 'thua', 'can ho'].join('|');
/** How a citizen addresses a person ("chị cán bộ", "a/c nhân viên"). */
const ADDRESS = ['chi', 'anh', 'co', 'chu', 'bac', 'ba', 'ong', 'anh chi', 'a c', 'ac'].join('|');
/** The office as a whole. */
const OFFICE = ['bo phan mot cua', 'mot cua', 'phong mot cua', 'phong tiep dan'].join('|');
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
  // tap water and what makes noise at night: "nước máy … màu vàng", "quán nhậu … hát hò tới khuya"
  'nghia dia', 'ong nuoc', 'nuoc sinh hoat', 'quan nhau', 'quan karaoke', 'karaoke', 'loa keo keo', 'nhac',
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
  'toi (?:\\d+ )?(?:gio )?(?:dem|khuya)', 'khuya', 'am i', 'inh oi', 'om som',
  // roads full of holes, lights out, water not fit to use: "ổ gà chi chít", "tắt cả tháng", "đục ngầu", "mùi tanh"
  'o (?:ga|voi|trau)', 'nat (?:het|bet|be|nhu)', 'lay loi', 'bun lay', 'tat (?:ca|het|may|\\d+|suot|nhieu) (?:thang|tuan|ngay|hom|dem)', 'khong (?:sang|chay)', 'toi (?:om|thui|mit)',
  'duc (?:ngau|ngu|nhu|qua)', 'mau (?:vang|den|nau|duc)', 'mui (?:tanh|thoi|clo|kho chiu)', 'tanh', 'gi set', 'chat dong',
];
/** Nuisances that are a report whatever else is said. */
const NUISANCE = [
  'tha rong', 'do trom', 'do rac trom', 'xa ban', 'xa thai', 'danh bac', 'co bac', 'tu tap', 'dua xe', 'nhau nhet', 'trom cap', 'lan chiem', 'xay trai phep', 'xay dung trai phep',
  // smoke, land or sand dug away, noise: "đốt rơm khói mù mịt", "đào đất ban đêm chở đi bán"
  'dot (?:rom|rac|nhua|lop|vo day)', 'khoi (?:mu mit|den kit|cay)', 'hut cat', 'khai thac(?: \\S+){0,2} (?:trai phep|trom)', 'trom (?:dat|cat|cay|go)',
  '(?:dao|hut|xuc|khai thac) (?:trom )?(?:dat|cat|soi)(?: \\S+){0,5} (?:ban dem|di ban|trai phep)', 'am i', 'inh oi', 'om som', 'loa keo keo', 'ro mom', 'phong ue',
  // public land taken: "lấn ra đường đi chung", "lấp mương thoát nước", "chiếm vỉa hè" (a neighbour's wall on one's own
  // land, a ditch filled against one's own field, is a dispute between households: mediation, a procedure)
  '(?:lan|xay|lan chiem) (?:ra|sang|qua|vao|ca|het|chiem)(?: \\S+){0,2} (?:duong|hem|ngo|kiet|loi di|via he|dat cong|dat chung|muong|kenh|le duong|hanh lang|long duong)',
  'lan via he', 'lap (?:\\S+ ){0,2}(?:muong|kenh|ranh|cong) (?:thoat nuoc|chung|cua (?:xom|thon|lang|ap))', 'chiem (?:dung )?(?:via he|long duong|le duong|dat cong|loi di)',
  // nobody doing the job: "không ai thu gom", "chưa ai tiếp", "không gặp được ai"
  '(?:khong|ko|chua|chang|cha) (?:co )?ai (?:\\S+ )?(?:tiep|giai quyet|giai thich|thu gom|don|sua|xu ly|tra loi|nghe may|phan hoi|xuong|ngo ngang)',
  '(?:khong|ko|chua) gap (?:duoc )?(?:ai|can bo|nguoi nao)', 'chua (?:toi|den) luot',
  // sent back and forth, made to come again and again: "chạy tới chạy lui", "đi đi về về", "bổ sung hoài"
  'chay (?:toi|di|len|qua|ra) chay (?:lui|lai|ve|xuong)', 'di di ve ve', 'len len xuong xuong', 'bo sung (?:hoai|mai|\\d+ lan|may lan|nhieu lan|lan nua)', 'cai nay cai kia',
  '(?:di|len|ra|chay|toi)(?: \\S+){0,3} (?:\\d+|may|nhieu|ba|bon|nam|sau) (?:lan|chuyen|bua|buoi)(?: roi)?(?: \\S+){0,4} (?:van|ma|cung) (?:chua|khong|ko|bi|phai)',
  'bao (?:xuong|len|ra|ve|sang|qua) (?:thon|xa|huyen|tinh|phuong|ap)(?: \\S+){0,6} (?:lai )?bao (?:xuong|len|ra|ve|sang|qua)',
  // money asked for outside the fee: "bồi dưỡng", "đưa thêm 500 nghìn thì có liền", "không có biên lai"
  'phong bi', 'boi duong', 'lot tay', 'hoi lo', 'voi tien', 'tien (?:ca phe|cafe|cf|lot tay|bia)', 'tien ngoai',
  '(?:chi|dua|bo|gui) (?:them )?(?:tien|\\d+ (?:nghin|ngan|k|tram|trieu))(?: \\S+){0,4} (?:moi|thi (?:moi )?(?:co|duoc))',
  '(?:khong|ko) (?:co |dua |cho |giao )?(?:bien lai|bien nhan|phieu thu|hoa don)', 'thu tien(?: \\S+){0,8} (?:khong|ko|chang) (?:hop dan|bao truoc|co ly do|giai thich)',
  // rude: "lớn tiếng", "nói trống không", "xua đuổi" ("mắng", "quát" fold into other words: TOLD_COMPLAINT_MARKED)
  'lon tieng', 'to tieng', 'noi trong khong', 'cau gat', 'gat gong', 'xua duoi', 'nat no', 'quat thao', 'coi thuong', 'noi nang (?:coc|kho|thieu)', 'kho nghe', 'mat lich su', 'bat lich su',
  'tre hen', 'qua hen', 'sai hen', 'tru tien(?: \\S+){0,3} (?:ma|nhung)(?: \\S+){0,4} (?:khong|ko|chua)',
  // told in English
  'rude', 'impolite', '(?:shouted|yelled) at', 'bribe', 'waiting for (?:\\d+|hours|two|three|an hour)', '(?:nobody|no one) (?:is )?(?:help|helping|answer|answers|answered|came|there)', 'not working', 'potholes?', 'garbage', 'flooded', 'too loud',
  '(?:lights?|lamps?) (?:\\S+ ){0,4}(?:out|broken)',
];
/** An official or the commune's office… */
const OFFICIAL = [
  'can bo', 'nhan vien', 'xa', 'thon', 'truong thon', 'chu tich', 'bo phan mot cua', 'mot cua', 'phuong',
  'cong an', 'bao ve', 'cong chuc', 'dia chinh', 'tu phap', 'van thu', 'lanh dao', 'pho chu tich', 'uy ban', 'ubnd',
  'phong (?:tiep dan|tiep cong dan|mot cua|tu phap|dia chinh|ho tich)', 'ban mot cua', 'tru so', 'van phong xa',
];
/** …failing a citizen: not coming, putting off, sending elsewhere, asking what the law does not. */
const FAILED = [
  'chua (?:xuong|thay (?:can bo|ai|nguoi)|tra loi|phan hoi|co mat|ai)', '(?:khong|ko) (?:chiu )?(?:xuong|tra loi|phan hoi|co mat|tiep|nghe may)',
  'hen (?:\\d+|may|nhieu|ba|hai|bon) lan', 'hen (?:lai|hoai|lan)', 'bat (?:ve|di lai|photo|chay|xin)', 'bat (?:em|e|toi|tui|minh|dan|nguoi dan|me|phai)(?: \\S+){0,3} (?:ve|xin|photo|mua|di lai|chay|cho)',
  'day (?:qua|sang)', 'dun day', 'do qua do lai', '(?:cho|doi) cap tren', 'bao (?:hoi|len hoi|ra hoi) (?:xa|thon|huyen|tinh)', 'hoi (?:xa|thon) thi (?:\\S+ ){0,2}bao',
  'luat (?:dau|co dau)', 'sai luat', 'trai luat', 'khong dung luat', 'chia khong deu', 'thieu trach nhiem', 'lam kho', 'gay kho', 'bi cham', 'cham (?:\\d+|may|hai|ba) (?:thang|tuan)',
  // slow, closed, nobody there, not doing what it should: "làm giấy chậm quá trời", "phòng một cửa không có ai", "chưa thấy xã phun thuốc"
  'cham (?:qua|ghe|the|vay|qua troi|tre)', 'lau qua (?:ma|roi)', 'hen (?:\\S+ ){0,3}(?:hoai|mai)', 'dong cua', '(?:khong|ko|chua) (?:co )?ai(?: (?:ca|het|tiep|ngoi|truc|lam viec|o (?:ban|phong|do)))?$',
  'chua (?:co )?ai (?:ngoi|truc|o ban|den|toi)', 'chua thay (?:xa|thon|ai|can bo|nguoi)(?: \\S+){0,2} (?:phun|xuong|sua|don|thu gom|xu ly|giai quyet|den|toi)',
  '(?:khong|ko|chua) (?:thay )?(?:xa|thon) (?:\\S+ )?(?:phun|sua|don|thu gom|xu ly|giai quyet)', 'thu tien(?: \\S+){0,8} (?:khong|ko) (?:hop dan|bien lai|bien nhan|giay to)',
  // not there, not signed, not let in: "đi vắng", "nói chưa ký, về đi", "hổng cho vô"
  'di vang', 'vang mat', 'chua ky', 'chua co chu ky', 'phai quay ve', '(?:khong|ko|k|hong|chang) cho (?:vo|vao|gap|nop|len)',
  'lan nao(?: \\S+){0,3} cung (?:di vang|vang|khong|ko|bao|hen|chua)',
  // sent back and made to redo it: "trả hồ sơ", "bắt làm lại", "đi lại 4 lần"
  'tra (?:lai |ve )?ho so', 'bat (?:lam|viet|khai|nop) lai', 'lam lai tu dau', 'di lai (?:\\d+|may|nhieu|ba|bon|nam) lan',
  // a day's work lost: "xin nghỉ làm cả buổi"
  'xin nghi (?:lam|viec)', 'nghi (?:lam|viec) (?:ca|nua) (?:buoi|ngay)', 'mat (?:ca|nua) (?:buoi|ngay)',
];

/** Waiting at the office… */
const WAITED = ['xep hang', 'ngoi cho', 'ngoi doi', '(?:cho|doi) (?:tu|den|toi|ca|hon|gan|\\d+|may|nua|suot|mai|hoai)', 'tu (?:\\d+ ?h|\\d+ gio|sang|som)'];
/** …without being served. */
const NOT_SERVED = ['(?:khong|ko|chua) (?:duoc|ai|co ai) (?:tiep|giai quyet|goi ten|goi|lam)', 'chua (?:toi|den) luot', 'van chua (?:xong|duoc|co|toi|den)', 'cung (?:khong|chua|ko) (?:thay|co|duoc|ai)'];

/** The commune's online services… */
const PORTAL = ['cong dich vu cong', 'dich vu cong', 'dvc', 'web', 'trang web', 'website', 'app', 'ung dung', 'vneid', 'he thong', 'link', 'may lay so', 'may bam so'];
/** …not working ("lỗi" folds into "lời": only with a word that says it is an error). */
const BROKEN = [
  'bi loi', 'bao loi', 'van loi', 'cu loi', 'toan loi', 'loi (?:he thong|ket noi|mang|dang nhap|thanh toan|hoai|suot|mai|hoai)', 'treo', 'quay (?:mai|hoai|vong)', 'sap',
  '(?:khong|ko|k|hong) (?:vao|dang nhap|tai|nop|gui|thanh toan|ky so|xac thuc|mo|load|hien)(?: \\S+)? duoc', 'dung im', 'bi dung', 'hong roi',
];

/** Help handed out by the commune (support after a storm, allowances)… */
const HANDOUT = ['ho tro', 'cuu tro', 'tro cap', 'tien ho tro', 'gao cuu tro', 'qua tet', 'ho ngheo', 'can ngheo', 'binh xet'];
/** …handed out unfairly. */
const UNFAIR = ['chia khong deu', 'bi bo sot', 'bo sot', 'thieu ten', 'khong cong bang', 'ko cong bang', 'thien vi', 'nguoi quen', '(?:khong|ko) co ten', 'lai co ten', 'nguoi nha', 'ho hang', 'xe hoi', 'nha (?:giau|kha)'];

/**
 * A complaint told across the clauses of a message ("loa thôn phát từ 5h, to quá"): a public thing
 * and its problem, a nuisance, help handed out unfairly, the online service broken.
 */
export const TOLD_COMPLAINT_ACROSS = new RegExp(
  `${both(PUBLIC_THING, PUBLIC_PROBLEM)}|(?:^| )(?:${NUISANCE.join('|')})(?= |$)|${both(HANDOUT, UNFAIR)}|${both(PORTAL, BROKEN)}|${both(WAITED, NOT_SERVED)}`,
);
/**
 * A complaint told in one clause: those, or an official failing a citizen, said of the official in
 * the same clause ("cán bộ nói chưa ký"; not "công an nhắc khai báo. Chủ trọ thì đi vắng").
 */
export const TOLD_COMPLAINT = new RegExp(`${TOLD_COMPLAINT_ACROSS.source}|${both(OFFICIAL, FAILED)}`);
/**
 * Complaint words that fold into common other words, read on the message as typed with marks:
 * "mắng" (mang, to carry), "quát", "chửi", "nạt"; a dog biting people ("chó" folds into "cho"; a dog that chewed a paper is a story).
 */
export const TOLD_COMPLAINT_MARKED =
  /(?:^|[^\p{L}])(?:mắng|quát|chửi|nạt|cắn (?:người|chết|trẻ|con nít|bị thương)|chó (?:dữ|sủa))(?=[^\p{L}]|$)/u;

/** A message as the intent rules read it: folded words after synonyms, folded words as typed, the text with marks. */
export interface CueText {
  key: string;
  words: string[];
  normalized: string;
}

/**
 * A complaint told as a story, in the words as rewritten or as typed ("hẹn" is no regional "hen"),
 * or in words that need their marks. `across`: only the families that may span clauses.
 */
export function toldComplaint(p: CueText, across = false): boolean {
  const re = across ? TOLD_COMPLAINT_ACROSS : TOLD_COMPLAINT;
  return re.test(p.key) || re.test(p.words.join(' ')) || TOLD_COMPLAINT_MARKED.test(p.normalized);
}

export const CUES: Record<Exclude<Intent, 'procedure' | 'unknown' | 'referral'>, RegExp> = {
  unsubscribe: phrase(
    '(?:khong|ko|k|hong|hem|kg) (?:muon )?nhan (?:tin|ban tin|thong bao)(?: \\S+){0,3} nua', 'huy (?:dang ky |dk |dang ki )?nhan', 'huy (?:gium|giup|di|luon)(?= |$)(?=.*(?:ban tin|nhan tin|thong bao))',
    '(?:ngu?n?g|du?n?g|thoi|khoi) (?:gui|goi|nhan) (?:ban tin|tin|thong bao)', 'un ?sub\\S*', 'tat (?:het )?(?:thong bao|ban tin)', '(?:thoi|khoi|dung|ngung) gui(?: \\S+){0,4} nua',
    'huy nhan tin', 'huy (?:dang ky )?nhan (?:ban )?tin', 'huy dang ky nhan', 'dung (?:gui|nhan) (?:tin|thong bao|ban tin)',
    'khong muon nhan (?:tin|ban tin|thong bao)(?: nua)?', 'khong nhan (?:tin|ban tin) nua', 'unsubscribe', 'stop',
    'huy (?:nhan )?ban tin', 'bo theo doi',
  ),
  subscribe: phrase(
    'nhan (?:ban tin|tin tuc|thong bao|tin)(?: (?:cua xa|hang tuan|moi tuan|tuan))?', 'dang ky (?:nhan|theo doi) (?:ban tin|tin|thong bao)', 'subscribe',
    'theo doi (?:ban tin|tin tuc)', 'dang ky nhan lai', 'nhan lai (?:ban tin|tin)', 'bat (?:lai )?(?:thong bao|ban tin)',
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
    // Where it has got to: "xem tình trạng hồ sơ", "tiến độ giải quyết"; asked in English.
    'xem (?:tinh trang|tien do)', 'tien do (?:ho so|hs|giai quyet|xu ly)', 'processed yet', 'status of my', 'application status', 'track my', 'check (?:on )?my (?:application|file|dossier)',
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
    `(?:noi chuyen|trao doi|lam viec|chat) (?:truc tiep )?voi (?:(?:${ADDRESS}) )?(?:ai|nguoi|ad|admin|anh chi|${PERSON}|${OFFICE})`,
    `(?:chuyen|noi may|ket noi)(?: (?:giup|gium|dum|ho) (?:em|e|toi|tui|minh))? (?:cho |sang |qua |toi |voi )?(?:(?:em|e|toi|tui|minh) )?(?:gap )?(?:(?:${ADDRESS}) )?(?:nguoi|${PERSON}|${OFFICE})`,
    `(?:cho|xin|muon|can) (?:(?:em|e|toi|tui|minh) )?(?:lien he|lien lac) (?:truc tiep )?(?:voi )?(?:(?:${ADDRESS}) )?(?:${PERSON}|${OFFICE})`,
    // The phone number of a person of the commune: "cho e xin số chị bên hộ tịch".
    `(?:xin|cho) (?:(?:em|e|toi|tui|minh) )?(?:xin )?so (?:dien thoai |dt )?(?:cua )?(?:${ADDRESS}|${PERSON}|ben|phong|bo phan|ad)(?= |$)`,
    `(?:can|muon|xin|cho) (?:(?:em|e|toi|tui|minh) )?(?:gap |hoi |noi voi )?(?:nguoi|${PERSON}) (?:tu van|ho tro|giup|tra loi|huong dan|that|truc)`,
    '(?:hoi|tu van|ho tro|noi chuyen|trao doi|gap) truc tiep', 'co ai (?:truc|o do|o day|tra loi|nghe|ho tro|giup)', `(?:${PERSON}) (?:dau|dau roi|dau het roi|dau het ca roi)`,
    '(?<!ai )goi lai (?:(?:giup|gium|dum|ho|cho) )?(?:em|e|toi|tui|minh)', 'anyone there', 'anybody there', 'someone there', '(?:bot|may|chatbot|tro ly ao) (?:\\S+ ){0,2}(?:khong|ko|hong|chang) (?:hieu|dung|biet)', 'chat voi (?:may|bot)',
    // A plea to the person behind the chat, nothing else said: "chị cán bộ ơi giúp em với", "a/c nhân viên ơi rep e với".
    `^(?:(?:${ADDRESS}|ad|admin|${PERSON}|em|ban|xa) )*oi (?:(?:${ADDRESS}|ad|admin) )?(?:rep|tra loi|giup|gium|ho tro|tu van)(?: (?:e|em|toi|tui|minh|giup|gium|dum|voi|di|nhanh|nha|nhe|a|chut|ti|cai|len))*$`,
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
    'ok', 'oke', 'hieu roi', 'menu', 'bat dau', 'camon', 'cmon', 'thank u', 'thanks u',
  ),
  fee: phrase(
    // "đất/nhà/lô mặt tiền" is land or a house on the road front, not money lost ("mất tiền").
    'le phi', '(?<!(?:chi|hoc|tang|vien) )phi', 'bao nhieu tien', 'may tien', `(?<!(?:${FRONTAGE_OF}) )mat tien`, 'ton tien', 'het bao nhieu', 'mat bao nhieu(?! ngay| lau)',
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
  // The paperwork asked after the matter: "tố cáo cán bộ … thì nộp đơn thế nào", "khiếu nại quyết định … thì nộp đơn ở đâu",
  // "có được giữ bí mật danh tính không".
  '(?:khieu nai|to cao|kien nghi)(?: \\S+){0,12} (?:lam|viet|nop|gui) (?:don|ho so)(?: \\S+){0,2}? (?:the nao|nhu the nao|nhu nao|ntn|ra sao|sao|o dau|dau|cho ai|gui ai|can gi|can nhung gi|mau nao)',
  '(?:khieu nai|to cao)(?: \\S+){0,16} (?:(?:giu )?bi mat|lo) (?:danh tinh|ten|thong tin)',
);
/** The kinds of complaint the catalog has procedures for, as their names say them (folded). */
export const COMPLAINT_KINDS = ['khieu nai', 'to cao', 'kien nghi'];

type CueIntent = keyof typeof CUES;

/**
 * Words that fold into a cue's word but are other words as typed with marks: the cue does not hold
 * when the message writes the other word and never the cue's own. "nhắn tin hỏi cả tuần" (texting)
 * folds like "nhận tin" (receiving the bulletin).
 */
export const FOLDS_LIKE_CUE: Partial<Record<CueIntent, { other: RegExp; cue: RegExp }>> = {
  subscribe: { other: /(?:^| )nhắn(?= |$)/u, cue: /(?:^| )nhận(?= |$)/u },
};

/** Is the intent's cue said, in the words as rewritten or as typed, and not only by a word that folds like it? */
export function cueSaid(intent: CueIntent, p: CueText): boolean {
  const re = CUES[intent];
  if (!re.test(p.key) && !re.test(p.words.join(' '))) return false;
  const alike = FOLDS_LIKE_CUE[intent];
  return !alike || !alike.other.test(p.normalized) || alike.cue.test(p.normalized);
}

/** What a benefit pays ("được bao nhiêu tiền", "lãnh mấy trăm"), not what a procedure costs. */
export const BENEFIT_AMOUNT = phrase('(?:duoc|lanh|linh|nhan|huong) (?:duoc )?(?:bao nhieu|bn|may tram|may trieu)(?: tien)?(?: (?:mot|1|moi) thang)?');

/** Greeting/thanks only: nothing else of substance in the message. */
export const GREETING_ONLY_MAX_TERMS = 2;

/** Asking about time / place / documents of the procedure in context (follow-ups). */
export const FOLLOW_UP: Record<'fee' | 'time' | 'where' | 'documents' | 'online', RegExp> = {
  fee: CUES.fee,
  time: phrase('bao lau', 'may ngay', 'may hom', 'bao nhieu ngay', 'thoi gian', 'thoi han', 'khi nao', 'bao gio', 'chung nao', 'luc nao', 'bua nao', 'how long'),
  where: phrase('o dau', 'cho nao', 'noi nao', 'nop (?:o )?dau', 'where'),
  documents: phrase('giay to gi', 'can gi', 'can nhung gi', 'ho so gom', 'mang (?:theo )?(?:nhung )?gi', 'giay gi', 'thanh phan', 'documents', 'papers'),
  online: phrase('truc tuyen', 'online', 'qua mang', 'vneid'),
};

/** Question particles and courtesies that may end a yes/no question ("… không ạ", "… ko vậy"). */
const YES_NO_END = '(?:khong|ko|k|kg|hong|hok|chua)(?: (?:a|ah|vay|day|nhi|ha|ad|chi|anh|em|nha|nhe))*';
/** Asked whether a thing is needed, the thing after the verb: "có cần [hộ khẩu] không", "có phải [dịch ra tiếng Việt] không". */
const NEEDED_AFTER = new RegExp(`(?:^| )(?:co )?(?:can|phai|bat buoc)(?: phai)?(?: (?:mang|co|nop|xuat trinh|trinh))?(?: theo)? (.+?) ${YES_NO_END}$`);
/** …or before it: "[giấy khai sinh của em] có cần mang không". */
const NEEDED_BEFORE = new RegExp(`^(?:(?:the|vay|con|ma|a|oi|da) )*(.+?) (?:co )?(?:can|phai) (?:mang|nop|co|xuat trinh|trinh)(?: theo)? ${YES_NO_END}$`);

/**
 * The thing a follow-up asks whether the last procedure needs ("có cần hộ khẩu không", "giấy tờ bên
 * đó có phải dịch ra tiếng Việt không"), as folded words: a paper or a step of that procedure, not a
 * subject of its own, even when it is also the name of another procedure ("giấy khai sinh").
 * "chứng thực bản sao có cần mang gì không" needs "gì": its subject is said before the question.
 */
export function neededThing(key: string): string | null {
  const before = NEEDED_BEFORE.exec(key)?.[1];
  if (before !== undefined) return before;
  const after = NEEDED_AFTER.exec(key);
  // Something else to do ("có phải xin giấy độc thân trước không"), or a subject said before the
  // question ("đăng ký khai tử có cần …"): another procedure, not a paper of this one.
  if (!after || DOING.test(after[1]!) || after.index > 0 && !/^(?:(?:the|vay|con|ma|a|oi|da|thi|e|em|toi|tui|minh|anh|chi|co|chu|ben|do|giay|to|giay to|nay|ay|kia|cai|nhu vay|vay thi) )*$/.test(`${key.slice(0, after.index).trim()} `)) return null;
  return after[1]!;
}
/** Doing another procedure, not bringing a paper: "xin", "làm", "đăng ký", "cấp". */
const DOING = /^(?:di |phai |lam them |them )?(?:xin|lam|dang ky|cap|chung thuc)(?= |$)/;

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
