// Intent cues on the folded, repaired, synonym-rewritten key of a message. Cues are phrases,
// checked as whole words; the order of checks (understand.ts) settles messages with several cues.
import type { Intent } from '../core/types';
import { DOSSIER_CODE_SOURCE } from '../core/domain';

const phrase = (...alts: string[]) => new RegExp(`(?:^| )(?:${alts.join('|')})(?= |$)`);

/** A dossier code as printed on the receipt, among folded (lower-case) words (core/domain.ts). */
export const DOSSIER_CODE = new RegExp(`(?:^| )(?:${DOSSIER_CODE_SOURCE})(?= |$)`, 'i');

/** When a dossier was submitted: in the past ("rồi", "hôm thứ 5", "sáng nay", "3 ngày rồi"). */
const SUBMITTED_WHEN = ['roi', 'thu (?:\\d|hai|ba|tu|nam|sau|bay)', 'hom \\S+', 'bua \\S+', 'hom qua', 'sang nay', 'chieu nay', 'tuan truoc', 'thang truoc', 'tu \\S+', 'ngay \\S+', 'dau (?:thang|tuan|nam)'].join('|');
/**
 * A progress question presumes a dossier handed in, and says so ("nộp", "hồ sơ", "chưa"): without it,
 * right after a procedure, "khi nào lấy được" asks how long that procedure takes.
 */
export const SUBMISSION_SAID = new RegExp(`(?:^| )(?:nop|da nop|da gui|ho so|hs|chua|roi|bien nhan|phieu hen|giay hen|cua (?:em|e|toi|tui|minh|nha))(?= |$)`);
/**
 * A submission said to be made already ("đã nộp", "nộp rồi", "chưa có kết quả", "giấy hẹn"): without
 * it, "nộp hồ sơ khai sinh thì bao giờ có kết quả" asks a procedure's time, not a dossier's progress.
 * Narrower than SUBMITTED_WHEN ("hôm …", "ngày …" may be a date asked about): used alone, not after "nộp".
 */
export const SUBMISSION_MADE = phrase('da', 'roi', 'chua', 'bien nhan', 'phieu hen', 'giay hen', 'hen', 'tuan truoc', 'thang truoc', 'hom truoc', 'bua truoc');
/** Asking how it is going. */
const PROGRESS_ASK = [
  'co chua', 'xong chua', 'bao gio co', 'khi nao co', 'sao chua', 'chua thay', 'co ket qua chua', 'duyet chua', 'lay duoc chua', 'den dau', 'toi dau', 'the nao roi',
  // "đã có quyết định chưa", "ký chưa", "trạng thái vẫn là chờ tiếp nhận", "sao lâu vậy"
  '(?:co )?quyet dinh chua', 'ky chua', 'duoc chua', 'tra (?:ket qua )?chua', 'trang thai', 'van (?:la|dang|con|chua|cho)', 'sao (?:lau|cham) (?:vay|the|qua|the nhi)',
  // "nộp lâu rồi chưa có kết quả", "xem tình trạng ở đâu"
  'chua co (?:ket qua|gi|quyet dinh|tin|giay)', '(?:bao gio|khi nao|chung nao|bua nao) (?:thi )?(?:xong|lay|nhan|tra)', 'chua (?:thay )?(?:gi|tin tuc|dong tinh)', 'chua xong', 'chua duoc (?:duyet|giai quyet|tra|ky)', 'chua lay duoc', 'xem (?:tinh trang|ket qua|tien do)',
].join('|');
/** Who a citizen asks for by name of role. */
const PERSON = ['can bo', 'nhan vien', 'nv', 'tong dai vien', 'chuyen vien', 'cong chuc', 'truong bo phan'].join('|');
/** Chat shorthand for the page's staff, bare: "ad ơi" calls them, it greets no one. */
const ADMIN = ['ad', 'admin'].join('|');
/** "với" and "người" as typed in chat shorthand ("vs", "ng"). */
const WITH = '(?:voi|vs)';
const SOMEONE = '(?:nguoi|ng)';
/**
 * Words that, before "mặt tiền", make it the road front of a property (folded). Not "căn": it folds
 * like "cần", and "có cần mất tiền không" asks the fee.
 */
const FRONTAGE_OF = ['dat', 'nha', 'lo', 'thua', 'can ho', 'dung', 'thue'].join('|');
/** How a citizen addresses a person ("chị cán bộ", "a/c nhân viên"). */
const ADDRESS = ['chi', 'anh', 'co', 'chu', 'bac', 'ba', 'ong', 'anh chi', 'a c', 'ac'].join('|');
/** Someone else the help is for ("có ai giúp nó đòi lại lương"): a procedure asked for them, not a person to chat with. */
const THIRD_PERSON = '(?:no|ho|ba|ong|me|bo|ma|cha|vo|chong|ban ay|anh ay|chi ay|em ay|co ay|ong ay|ba ay|gia dinh|hang xom)';
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
  // not "Bình Dương", "Hải Dương" (places)
  '(?<!(?:^| )(?:binh|hai) )duong(?! (?:day|dan|ong|sinh))', 'ngo', 'hem', 'kiet', 'ong cong', 'cong (?:thoat nuoc|nuoc|ranh|ngam)', 'muong', 'kenh', 'ranh', 'chan cau', 'cay cau', 'cau (?:tre|go|treo|khi)',
  'den duong', 'loa', 'cay', 'cot dien', 'day dien', 'tram bom', 'thuy loi', 'ruong', 'gieng', 'nuoc gieng', 'nuoc may', 'xuong (?:go|may|cua|moc|han|san xuat)', 'nha may',
  'trai (?:heo|lon|ga|vit|bo)', 'chuong (?:heo|lon|ga|bo)', 'lo (?:gach|mo|than|voi)', 'san (?:bong|choi|van dong|the thao)', 'nghia trang', 'bai rac', 'rac', 'via he', 'bo ke',
  // tap water and what makes noise at night: "nước máy … màu vàng", "quán nhậu … hát hò tới khuya"
  'nghia dia', 'ong nuoc', 'nuoc sinh hoat', 'quan nhau', 'quan karaoke', 'karaoke', 'loa keo keo', 'nhac',
  // rivers and ponds, markets, trucks through the village ("sông" folds into "sống", "chợ" into "cho": only with a word of their own)
  'bo (?:song|suoi|ke|bien|ao|ho)', 'dong song', 'nuoc song', 'khuc song', 'ao (?:ca|tu|nha ben)', 'ho nuoc', 'cho (?:tam|coc|xom|lang|phien)(?! (?:tru|vang|thoi))',
  'xe (?:tai|ben|ba gac|cong nong|cho (?:cat|dat|da|rac|go))', 'doan (?:song|suoi|kenh|muong|de|duong|bo)', 'cong trinh', 'cong truong', 'nha van hoa', 'loi di (?:chung|cong cong)', 'duong (?:di )?chung', 'tram y te', 'may bom', 'nha xuong', 'rung (?:phong ho|dac dung|cong|cua (?:xa|thon|nha nuoc))', 'cong ty', 'khu cong nghiep', 'lo mo', 'cho (?:dau|cuoi) (?:xom|thon|ngo|hem)',
];
/** …and what is wrong with it. */
const PUBLIC_PROBLEM = [
  'bi tac', 'tac (?:nghen|het|ca|lai)', 'nghet', 'ngap', 'tran (?:vao|ra|len)', 'bi vo', 'vo (?:tung|nat|het)', 'nut', 'nut toac', 'lun', 'sut', 'sat lo', 'hu', 'xuong cap',
  'bi gay', 'gay do', 'sap do', 'nghieng', 'do nga', 'bui', 'khoi bui', 'on ao', 'on qua', 'tieng (?:cua|may|on|loa|hat)', 'to qua', 'khong ngu duoc', 'ko ngu duoc',
  'mui hoi', 'hoi thoi', 'boc mui', 'o nhiem', 'ho suot', 'kho nut', 'khong bom', 'ko bom', 'khong co nuoc', 'ko co nuoc', 'mat nuoc', 'xa thai', 'lan chiem', 'suyt', 'nguy hiem',
  // broken, someone hurt by it: "gãy mấy tấm ván", "bà cụ bị té xuống"
  'gay (?:mat|het|ca|may|nhieu)', 'bi gay', 'hu hong', 'bong troc', 'lenh lang', 'bi te', 'te (?:xuong|nga)', 'bi dut', 'dut (?:day|cap|mot|het|ngang)', 'bi nga', 'nga (?:xuong|xe)', 'rot xuong',
  // at night, keeping people awake: "chạy máy cưa đến 11 giờ đêm", "không học được"
  'chay may', 'may cua', 'den (?:\\d+ )?(?:gio )?(?:dem|khuya)', 'nua dem', 'ca dem', 'suot dem', 'thau dem', 'dem khuya', 'khong hoc duoc', 'ko hoc duoc', 'khong chiu noi', 'ko chiu noi',
  'toi (?:\\d+ )?(?:gio )?(?:dem|khuya)', 'khuya', 'am i', 'inh oi', 'om som',
  // roads full of holes, lights out, water not fit to use: "ổ gà chi chít", "tắt cả tháng", "đục ngầu", "mùi tanh"
  // "ở với em" is no pothole ("ổ voi"): not before a person
  'o (?:ga|voi|trau)(?! (?:em|e|anh|chi|con|me|ma|bo|ba|ong|toi|tui|minh|ho|nguoi|vo|chong|chau|co|chu|cau|di|gi|nhau|gia dinh))', 'nat (?:het|bet|be|nhu)', 'lay loi', 'bun lay', 'tat (?:ca|het|may|\\d+|suot|nhieu) (?:thang|tuan|ngay|hom|dem)', 'khong (?:sang|chay)', 'toi (?:om|thui|mit)',
  'duc (?:ngau|ngu|nhu|qua)', 'mau (?:vang|den|nau|duc)', 'mui (?:tanh|thoi|clo|kho chiu)', 'tanh', 'gi set', 'chat dong',
  // about to fall, hanging low, blocking the way, all day long, left unrepaired: "cây sắp đổ", "dây điện võng thấp", "kẹt xe",
  // "mở nhạc to suốt ngày", "cái hố to chưa ai lấp", "nước sông nhuộm đen, cá chết"
  'sap (?:do|gay|nga|sap|rot)', 'vong (?:thap|xuong|sat)', 'ket xe', 'un tac', 'chan (?:het |ngang )?(?:duong|loi di|loi vao)', 'to (?:suot|ca ngay|tu sang)', 'suot (?:ngay|dem|ngay dem)',
  '(?:chua|khong|ko|chang) (?:co )?ai (?:lap|sua|chat|don|don dep|xu ly|quan tam|de y|ngo ngang|can thiep|thu gom)', 'nhuom (?:den|do|vang)', 'ca chet', 'am am', 'roi vai', 'cay nat', 'lam (?:hu|hong|nat)',
  'ho (?:to|sau|lon|bu)', 'boc mui', 'chay (?:am am|ngay dem|suot)', 'khoi (?:den|mu)',
  // a danger left unguarded, someone hurt: "không có biển cảnh báo, năm ngoái một cháu đuối nước"
  '(?:khong|ko|chua|chang) (?:co |thay )?(?:bien (?:bao|canh bao)|lan can|rao chan|coc tieu)', 'duoi nuoc', 'chet duoi', 'tai nan', 'bi thuong',
  // left unfinished or abandoned, noisy: "bỏ dở cả năm, đất đá ngổn ngang", "bỏ hoang, cỏ mọc um tùm", "làm ồn tới 11 giờ đêm"
  '(?:khong|ko) chiu (?:duoc|noi)', 'loi lom', 'bo do', 'ngon ngang', 'bo hoang', 'um tum', 'co moc', '(?:lam|gay) on', 'am i', 'nut ne', 'kho (?:nut|queo|can)',
];
/**
 * A phone or a page tried again and again in vain: "gọi mãi không được", "gọi cả chục lần từ sáng, không
 * ai nhấc máy" (the complaint is the calling, whoever was called).
 */
const CALLED_IN_VAIN =
  '(?:goi|goi dien|dien|nhan tin|inbox|nhan)(?: \\S+){0,6} (?:mai|hoai|may lan|nhieu lan|ca chuc lan|ca tram lan|\\d+ lan|ca ngay|tu sang|suot)(?: \\S+){0,4} (?:ma )?(?:van )?(?:khong|ko|chang|cha|chua|hong) (?:co )?(?:ai )?(?:duoc|dc|nghe|nghe may|bat may|nhac may|tra loi|bat|rep)';
/**
 * A charge questioned (issue 12): why money is collected ("sao thu tiền vệ sinh mỗi hộ 50 nghìn vậy"), a
 * sum that is too much ("một trang mà thu tới 10 nghìn"), money one was made to pay ("bị thu 10 nghìn
 * tiền giữ xe"). Not "làm sao", "ra sao" (how), nor a fine ("bị thu tiền phạt").
 */
const AMOUNT = '\\d+ ?(?:nghin|ngan|k|tram|trieu|dong)';
const CHARGE_QUESTIONED = [
  `(?<!(?:lam|ra|the|vi|nhu) )sao (?:lai |xa |thon |ho |can bo )?(?:thu|lay|bat (?:dong|nop|dua|chi)|tinh) (?:them )?(?:\\S+ ){0,4}(?:tien(?! phat)|phi|${AMOUNT})`,
  `(?:ma|lai) (?:thu|lay|tinh) (?:(?:toi|den|len toi|len den|nhung|cua (?:toi|em|tui|minh)) )?(?:${AMOUNT})`,
  `bi (?:thu|lay|bat dong|bat nop) (?:mat |them |cua (?:toi|em|tui|minh) )?(?:${AMOUNT}|tien(?! phat))`,
];
/**
 * A sum collected ("bãi giữ xe ở bộ phận một cửa thu 10 nghìn một lượt")… and, anywhere in the message, its rule
 * questioned ("có quy định nào vậy không", "theo quy định nào"): a charge challenged, not a fee asked
 * ("xã thu bao nhiêu một trang" names no sum).
 */
const SUM_COLLECTED = [`(?:thu|lay|tinh) (?:\\S+ ){0,4}${AMOUNT}`];
const RULE_QUESTIONED = ['co quy dinh nao', 'theo quy dinh nao', 'quy dinh (?:o )?dau', 'can cu (?:vao )?(?:dau|gi|nao)', '(?:co )?dung quy dinh (?:khong|ko|k|hong)', 'niem yet (?:\\S+ ){0,3}(?:ghi|co|la)'];
/** Water or power cut for days ("nhà tôi mất nước 3 ngày nay", "cúp điện suốt mấy ngày"): a report, unless help is asked (HELP_ASKED). */
const UTILITY_CUT = ['(?:mat|cup|cat|ngung|ngat|khong co|ko co|chua co) (?:nuoc|dien)(?! (?:ngoai|thoai|tu|mat))'];
const CUT_FOR_DAYS = ['(?:\\d+|mot|hai|ba|bon|nam|may|nhieu|ca|suot|gan|hon|vai|lien) (?:ngay|tuan|hom|bua|dem|thang)', 'tu (?:hom qua|hom kia|toi qua|tuan truoc)'];
/** Water or power cut for days. */
export const UTILITY_OUT = new RegExp(both(UTILITY_CUT, CUT_FOR_DAYS));

/** Nuisances that are a report whatever else is said. */
const NUISANCE = [
  'tha rong', 'do trom', 'do rac trom', 'xa ban', 'xa thai', 'danh bac', 'co bac', 'tu tap', 'dua xe', 'nhau nhet', 'trom cap', 'lan chiem', 'xay trai phep', 'xay dung trai phep',
  // smoke, land or sand dug away, noise: "đốt rơm khói mù mịt", "đào đất ban đêm chở đi bán"
  'dot (?:rom|rac|nhua|lop|vo day)', 'khoi (?:mu mit|den kit|cay)', 'hut cat', 'khai thac(?: \\S+){0,2} (?:trai phep|trom)', 'trom (?:dat|cat|cay|go)',
  '(?:dao|hut|xuc|khai thac) (?:trom )?(?:dat|cat|soi)(?: \\S+){0,5} (?:ban dem|di ban|trai phep)', 'am i', 'inh oi', 'om som', 'loa keo keo', 'ro mom', 'phong ue',
  // public land taken: "lấn ra đường đi chung", "lấp mương thoát nước", "chiếm vỉa hè" (a neighbour's wall on one's own
  // land, a ditch filled against one's own field, is a dispute between households: mediation, a procedure)
  // (not a paper that "vẽ lấn", "ghi lấn": the citizen's own certificate drawn over it, a correction asked)
  '(?<!(?:^| )(?:ve|ghi|in|do) )(?:lan|xay|lan chiem) (?:ra|sang|qua|vao|ca|het|chiem)(?: \\S+){0,2} (?:duong|hem|ngo|kiet|loi di|via he|dat cong|dat chung|muong|kenh|le duong|hanh lang|long duong)',
  'lan via he', 'lap (?:\\S+ ){0,2}(?:muong|kenh|ranh|cong) (?:thoat nuoc|chung|cua (?:xom|thon|lang|ap))', 'chiem (?:dung |het |ca |mat )?(?:via he|long duong|le duong|dat cong|loi di)',
  // nobody doing the job: "không ai thu gom", "chưa ai tiếp", "không gặp được ai"
  '(?:khong|ko|chua|chang|cha) (?:co )?ai (?:\\S+ )?(?:tiep|giai quyet|giai thich|thu gom|don|sua|xu ly|tra loi|nghe may|nhac may|bat may|phan hoi|xuong|ngo ngang)',
  // a phone never answered: "gọi mãi không được", "gọi cả chục lần không ai nhấc máy" (CALLED_IN_VAIN)
  CALLED_IN_VAIN,
  // a charge questioned: "sao thu tiền vệ sinh mỗi hộ 50 nghìn vậy", "một trang mà thu tới 10 nghìn", "bị thu 10 nghìn tiền giữ xe"
  ...CHARGE_QUESTIONED,
  // refused or sent back without a reason: "trả hồ sơ mà không nói lý do", "từ chối không có lý do"
  '(?:tu choi|tra (?:lai|ve)|bac|khong (?:nhan|duyet|giai quyet|cho))(?: \\S+){0,6} (?:ma )?(?:khong|ko|chang|cha|chua) (?:he )?(?:noi|cho biet|neu|giai thich|dua ra|co|ghi|bao) (?:ro )?(?:ly do|vi sao|tai sao|nguyen nhan)',
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
  // animals let loose on crops: "trâu bò nhà bên cứ thả ra ăn hết lúa", "gà vịt thả sang phá rau"
  '(?:trau|trau bo|bo|heo|lon|ga|vit|ga vit|de|cho|gia suc|gia cam)(?: \\S+){0,4} (?<!duoc )tha (?:ra|sang|qua|vao|rong)(?: \\S+){0,4} (?:an|pha|gam|giam)',
  '(?:pha|an) (?:het |sach |nat |trui )?(?:hoa mau|lua|rau|ma|vuon|ruong|bap|ngo)(?: \\S+){0,3} (?:nha|cua) (?:toi|em|tui|minh|e)',
  // timber cut or carried off at night: "chặt cây keo trên đất rừng phòng hộ ban đêm", "xe chở gỗ lậu"
  'go lau', 'pha rung', 'chat (?:trom|pha)', '(?:chat|cua|khai thac|cho) (?:\\S+ ){0,3}(?:cay|go|keo|tram|rung)(?: \\S+){0,8} (?:ban dem|trai phep|dem khuya|nua dem|len lut|rung phong ho|rung dac dung)',
  // waste dumped: "đổ xà bần ra đầu làng", "đổ đất đá xuống sông"
  '(?:do|vut|nem|xa) (?:trom |tran lan |bua bai )?(?:dat da|xa ban|phe thai|chat thai|rac(?: thai)?|vat lieu|bun|xac \\S+|nuoc thai)(?: \\S+){0,4} (?:xuong|ra|giua|tran|bua|khap)',
  '(?:do|xa|vut|nem) (?:\\S+ ){1,3}(?:xuong|ra) (?:song|suoi|kenh|muong|ao|ho|bien|bo (?:song|kenh|suoi|bien)|long song|dong song)',
  'do (?:trom|tran lan|bua bai)', 'roi vai', 'ban ma tuy', 'chich hut', 'hut chich', 'tiem chich',
  // money collected without saying why, by strangers, kept: "thu tiền làm đường mà không công khai", "thu đủ thứ tiền",
  // "người lạ xưng cán bộ xã đi thu tiền", "lấy đất công làm bãi giữ xe thu tiền riêng"
  // (money collected without accounts: MONEY_TAKEN with UNACCOUNTED, below)
  'thu du (?:thu|loai) (?:tien|phi)', 'khong ro (?:la )?(?:tien|thu|khoan) gi', 'mao danh', 'gia danh', 'tu xung (?:la )?(?:can bo|nguoi|ben|cong an|nhan vien)', 'nguoi la(?: \\S+){0,6} (?:thu tien|quyen gop|xin tien|di thu)',
  'thu tien rieng', 'an chan', 'an bot', 'bot xen', 'rut ruot', 'tham o', 'bien thu', 'tu y (?:lay|chiem|ban|cho thue|rao|lam) (?:\\S+ ){0,2}dat (?:cong|chung)',
  // a gift or money for speed: "muốn nhanh thì phải có chút quà", "lấy của tôi 100 nghìn" for a few copies
  '(?:chut|it|mon) qua (?:cho|bieu|cap)', 'qua cap', '(?:muon|lam|cho) nhanh (?:thi|phai)(?: \\S+){0,4} (?:tien|qua|phong bi|boi duong|them|dua|chi)',
  '(?:lay|thu) (?:cua )?(?:toi|em|tui|minh|dan|nguoi dan|e|bac|me|ba|bo) (?:\\S+ ){0,2}\\d+ ?(?:nghin|ngan|k|tram|trieu|dong)',
  // sent around, each one saying another thing: "người này nói một kiểu, người kia nói một kiểu", "lòng vòng", "đùn đẩy"
  '(?:bao|chi|day|keu|bat|huong dan) (?:\\S+ ){0,2}(?:sang|qua|ve|len|xuong|ra) (?:xa|huyen|thon|tinh|phuong|xom|ap)(?: \\S+){0,6} (?:lai )?(?:bao|chi|day|keu|bat|huong dan) (?:\\S+ ){0,2}(?:sang|qua|ve|len|xuong|ra)',
  '(?:noi|chi|bao|huong dan) (?:moi nguoi )?(?:mot kieu|khac nhau|mot phach|mot nep)', 'moi nguoi mot (?:kieu|y|phach|nep)', 'noi tuc', 'chui boi', 'vang tuc', 'xuc pham', 'lang ma', 'mia mai', 'de doa', 'doa (?:nat|dam|danh)',
  // a neighbour's dog barking all night: "chó nhà bên sủa suốt đêm không ngủ được"
  '(?:suot dem|ca dem|nua dem|khuya|dem nao cung)(?: \\S+){0,3} (?:khong|ko|chang) (?:ai )?ngu (?:duoc|noi)', 'sua (?:suot|ca dem|inh|om)',
  'nguoi (?:nay|kia) (?:noi|chi|bao|huong dan|day) (?:mot )?kieu', 'moi (?:nguoi|lan|cho|phong|ong|ba) (?:noi|chi|bao|huong dan|day) (?:mot )?kieu', 'long vong', 'dun day', 'day qua day lai',
  '(?:xa|huyen|thon|phuong|tinh|ben nay|phong nay) (?:lai )?(?:day|dun|chuyen) (?:sang|qua|ve|len|xuong) (?:xa|huyen|thon|phuong|tinh|ben|phong)',
  'luat (?:khong|ko|dau (?:co )?) ?(?:yeu cau|bat|quy dinh|can|noi)', 'trong khi luat',
  // what was asked set against what the rules or the posted list say: "trong khi quy định đâu có cần vậy", "trong khi bảng
  // niêm yết ghi có 2 nghìn", "trong khi chỉ cần 1 bản", "trong khi mẫu đơn miễn phí"; papers said to have nothing to do with it
  'trong khi (?:\\S+ ){0,3}(?:quy dinh|niem yet|bang gia|bieu phi|chi can|khong can|mien phi|dau (?:co )?can)', 'quy dinh (?:dau|co dau) (?:co )?(?:can|bat|yeu cau|noi|ghi)',
  '(?<!(?:^| )(?:o|cho|noi|tu|den|toi|ve|di|nop|lam|xin) )dau (?:co )?lien quan',
  // a promised day not kept: "hẹn thứ 2 lên lấy kết quả, lên thì bảo chưa ký"
  'hen (?:\\S+ ){0,6}(?:len|ra|toi|den|lay)(?: \\S+){0,6} (?:bao|noi) (?:la )?(?:van )?chua (?:ky|xong|co|lam)',
  // no way in for a wheelchair: "không có chỗ cho xe lăn lên", "phải nhờ 2 người khiêng lên bậc thềm"
  '(?:khong|ko|chua|chang) (?:co )?(?:cho|loi|duong|doc) (?:\\S+ ){0,2}(?:cho )?xe lan', '(?:khieng|cong|be) (?:\\S+ ){0,3}(?:len|qua|xuong) (?:bac|cau thang|tang)',
  // timber taken from the woods: "sáng ra thấy gỗ bị kéo đi mất"
  '(?:go|cay|keo|tram) bi (?:keo|cho|chat|cua|lay|khuan|trom)(?: di)? (?:mat|trom|ban)',
  // the service itself: "thái độ phục vụ quá tệ", "cán bộ làm việc tắc trách", "bực mình về cách phục vụ", "dân khổ quá"
  // a paper that took far too long: "làm cái giấy mất cả tháng" (not "mất mấy tháng", a question)
  '(?:lam|cap|xin|cho) (?:\\S+ ){0,3}mat (?:ca|tron|hon|gan) (?:\\d+ |mot |hai |ba )?(?:thang|tuan|nam)(?! (?:khong|ko|a|chua|vay|ha))',
  // made to queue from dawn, made to pay per household even the poor: "phải xếp hàng từ 5 giờ sáng", "mỗi hộ 1 triệu, nhà nghèo cũng phải đóng"
  '(?:phai|bat) (?:xep hang|ngoi cho|ngoi doi|cho|doi) (?:tu|ca|hon|gan|may|\\d+) (?:\\S+ ){0,2}(?:gio|h|tieng|buoi|ngay)',
  'bat (?:\\S+ ){0,2}(?:dong|nop|gop) (?:\\S+ ){0,4}(?:moi|tung) (?:ho|nha|khau|nguoi)', '(?:ngheo|kho khan|khong co tien)(?: \\S+){0,2} cung (?:phai|bi bat) (?:dong|nop|gop)',
  // public water or ways taken by someone: "ao làng bị lấp", "người ta san lấp ruộng trái phép", "xây tường chắn lối đi chung"
  // (by anyone: "đất công ở đầu thôn bị ông phó thôn rào lại làm vườn riêng")
  '(?:ao|ho nuoc|ho ca|muong|kenh|song|suoi|ruong|dat cong) (?:\\S+ ){0,3}bi (?:(?:ai do|ai|nguoi ta) )?(?:lap|san lap|lan chiem|chiem|lan|rao|xay)(?! bien ban)',
  '(?:ao|ho nuoc|ho ca|muong|kenh|song|suoi|dat cong|dat chung) (?:\\S+ ){0,3}bi (?:ong|ba|nha|nguoi|ho|anh|chi|thon|xa|truong|pho|can bo) (?:\\S+ ){0,2}(?:lap|san lap|lan chiem|chiem|rao|xay|lay)(?! bien ban)',
  '(?:nguoi ta|co nguoi|ai do|ho|nha ben|hang xom|ong|ba) (?:\\S+ ){0,2}(?:san lap|lap|dao|xay|khai thac|lan chiem|chat|do|tu y)(?: \\S+){0,4} (?:trai phep|khong xin phep)',
  '(?:xay|rao|chan|lap|bit) (?:\\S+ ){0,3}(?:loi di chung|duong di chung|loi di cong cong|duong chung|loi thoat nuoc|duong thoat nuoc|muong thoat nuoc|cong thoat nuoc)',
  'tac trach', 'hon lao', 'hach sach', 'hach hoe', 'kho de', '(?:lam|gay) kho de', 'ru ga', 'bop coi', 'vo trach nhiem', 'phuc vu (?:qua |rat |kem |that )?(?:te|kem|chan|do)', '(?:qua|rat|that) te', 'te qua', 'buc minh', 'phien ha', 'that vong (?:ve|voi)',
  '(?:khong|ko) dong y voi cach', 'lam viec (?:kieu nay|kieu do|nhu vay|the nay|cau tha|qua loa|tac trach|kem)', 'qua loa', 'cau tha', 'dan (?:kho|met|khon kho) qua',
  // written to, with no answer; made to come in anyway: "nhắn fanpage xã hơn tuần chưa được trả lời", "nộp online rồi mà vẫn bắt lên nộp giấy"
  '(?:nhan|nhan tin|gui|goi|hoi|inbox|email)(?: \\S+){0,6} (?:chua|khong|ko|chang|van chua) (?:duoc |thay |co )?(?:ai )?(?:tra loi|phan hoi|rep|hoi am|hoi dap)',
  '(?:ma|roi) (?:van|lai) bat (?:\\S+ ){0,3}(?:len|nop|ra|di|lam|ve|mang)',
  // favours and secrecy, a promise of a day not kept, fined for what one was never told, a household frightened, waved off:
  // "không minh bạch", "toàn người nhà lãnh đạo", "nhà người quen thì nhanh", "ngâm hồ sơ", "lên đúng hẹn mà chưa làm",
  // "không được báo, giờ bị phạt", "tính tiền gấp đôi", "đập cửa làm cả nhà sợ", "anh ấy gạt đi"
  '(?:khong|thieu|chang) minh bach', 'toan (?:la )?(?:nguoi nha|nguoi quen|con chau|ho hang|phe canh|con ong chau cha)', '(?:nguoi quen|nguoi nha|nha quen|nguoi than|ho hang)(?: \\S+){0,6} thi (?:nhanh|duoc|co|lam ngay|xong)',
  'lan lua', 'ngam (?:ho so|giay|don)', 'dung (?:hen|ngay hen|ngay)(?: \\S+){0,8} (?:chua|khong|ko|van chua) (?:lam|xong|co|ky|tra)',
  '(?:khong|chua|chang|ko) (?:he )?duoc (?:bao|thong bao|nhac)(?: \\S+){0,8} (?:bi phat|bi thu|bi tinh|bi cat|bi xoa|bi loai)', 'gap (?:doi|ba) (?:nha|ho|nguoi)',
  '(?:lam|khien) (?:ca nha|ca xom|tre con|tre nho|nguoi gia|moi nguoi|ba con|nguoi dan|dan) (?:\\S+ )?(?:so|hoang so|mat ngu|khiep|buc xuc)(?= |$)', 'gat (?:di|phang|ngang)',
  // told in English
  'rude', 'impolite', '(?:shouted|yelled) at', 'bribe', 'waiting for (?:\\d+|hours|two|three|an hour)', '(?:nobody|no one) (?:is )?(?:help|helping|answer|answers|answered|came|there)', 'not working', 'potholes?', 'garbage', 'flooded', 'too loud',
  '(?:lights?|lamps?) (?:\\S+ ){0,4}(?:out|broken)',
  'lost my (?:documents|papers|file|application)', 'nobody (?:takes|took) responsibility', 'refused to (?:accept|help|take|receive)', 'without (?:any )?(?:reason|explanation)',
  'full of (?:holes|rubbish|garbage|trash)', '(?:nobody|no one) (?:fixes|fixed|cleans|cleaned|repairs|repaired|comes|helps|helped|cares)', 'unhelpful', 'arrogant',
  'asked (?:me |us )?for (?:extra |more )?money', 'extra money', 'back and forth', 'broken for', 'noise', 'noisy', 'dumping', 'rubbish', 'trash', 'polluted', 'pollution', 'unfair', 'overcharged', 'corrupt(?:ion)?',
  '(?:nobody|no one) (?:has )?(?:replied|responded|answered|called|came)', 'waiting for (?:a|two|three|several|many) (?:hours?|days?|weeks?|months?)', '(?:\\d+|several|many) (?:days?|weeks?|months?) (?:and|but) (?:nobody|no one|nothing)', 'ignored', 'never (?:replied|answered|came)',
];
/** A registration the family itself makes ("chưa ai làm giấy khai sinh", "không ai đi khai tử"): nobody having done it is no one's neglect. */
const OWN_REGISTRATION = '(?:\\S+ )?(?:lam|di lam|di khai|khai|dang ky|di dang ky) (?:giay )?(?:khai sinh|khai tu|ket hon|chung tu)';
/** An official or the commune's office… */
const OFFICIAL = [
  'can bo', 'nhan vien', 'xa', 'thon', 'truong thon', 'chu tich', 'bo phan mot cua', 'mot cua', 'phuong',
  'cong an', 'bao ve', 'cong chuc', 'dia chinh', 'tu phap', 'van thu', 'lanh dao', 'pho chu tich', 'uy ban', 'ubnd',
  'phong (?:tiep dan|tiep cong dan|mot cua|tu phap|dia chinh|ho tich)', 'ban mot cua', 'tru so', 'van phong xa', 'tram y te', 'y te xa',
];
/** …failing a citizen: not coming, putting off, sending elsewhere, asking what the law does not. */
const FAILED = [
  // ("chưa ai làm giấy khai sinh" for the children tells the family's own delay, not an official's; "không xuống xã được",
  // a citizen who cannot come down to the commune)
  `chua (?:xuong|thay (?:can bo|ai|nguoi)|tra loi|phan hoi|co mat|ai(?! ${OWN_REGISTRATION}))`, '(?:khong|ko) (?:chiu )?(?:xuong(?! (?:xa|uy ban|ubnd|huyen) (?:duoc|noi))|tra loi|phan hoi|co mat|tiep|nghe may)',
  // something kept and not given back: "công an xã giữ căn cước của tôi 2 tháng chưa trả"
  '(?:giu|cam|thu) (?:\\S+ ){1,8}(?:chua|khong|ko|chang|van chua) (?:chiu )?tra(?: lai)?(?= |$)',
  'hen (?:\\d+|may|nhieu|ba|hai|bon) lan', 'hen (?:lai|hoai|lan)', 'bat (?:ve|di lai|photo|chay|xin)', 'bat (?:em|e|toi|tui|minh|dan|nguoi dan|me|phai)(?: \\S+){0,3} (?:ve|xin|photo|mua|di lai|chay|cho)',
  'day (?:qua|sang)', 'dun day', 'do qua do lai', '(?:cho|doi) cap tren', 'bao (?:hoi|len hoi|ra hoi) (?:xa|thon|huyen|tinh)', 'hoi (?:xa|thon) thi (?:\\S+ ){0,2}bao',
  'luat (?:dau|co dau)', 'sai luat', 'trai luat', 'khong dung luat', 'chia khong deu', 'thieu trach nhiem', 'lam kho', 'gay kho', 'bi cham', 'cham (?:\\d+|may|hai|ba) (?:thang|tuan)',
  // slow, closed, nobody there, not doing what it should: "làm giấy chậm quá trời", "phòng một cửa không có ai", "chưa thấy xã phun thuốc"
  'cham (?:qua|ghe|the|vay|qua troi|tre)', '(?:qua|rat|that|kha|hoi|cuc ky) (?:cham|lau) (?:\\S+ )?(?:lam|mat|ca|vay|the)?', 'lau qua (?:ma|roi)', 'hen (?:\\S+ ){0,3}(?:hoai|mai)', '(?<!(?:muon|tinh|phai|se|xin|duoc|cu|thi|toi|tui|em|minh) )dong cua(?! (?:tiem|quan|hang|luon|han|nghi|kinh doanh|vay|la|thoi|di))', '(?:khong|ko|chua) (?:co )?ai(?: (?:ca|het|tiep|ngoi|truc|lam viec|o (?:ban|phong|do)))?$',
  'chua (?:co )?ai (?:ngoi|truc|o ban|den|toi)', 'chua thay (?:xa|thon|ai|can bo|nguoi)(?: \\S+){0,2} (?:phun|xuong|sua|don|thu gom|xu ly|giai quyet|den|toi)',
  '(?:khong|ko|chua) (?:thay )?(?:xa|thon) (?:\\S+ )?(?:phun|sua|don|thu gom|xu ly|giai quyet)', 'thu tien(?: \\S+){0,8} (?:khong|ko) (?:hop dan|bien lai|bien nhan|giay to)',
  // not there, not signed, not let in: "đi vắng", "nói chưa ký, về đi", "hổng cho vô"
  'di vang', 'vang mat', 'chua ky', 'bo ve (?:som|giua chung)', 've som', 'khong con ai', 'chua co chu ky', 'phai quay ve', '(?:khong|ko|k|hong|chang) cho (?:vo|vao|gap|nop|len)',
  'lan nao(?: \\S+){0,3} cung (?:di vang|vang|khong|ko|bao|hen|chua)',
  // sent back and made to redo it: "trả hồ sơ", "bắt làm lại", "đi lại 4 lần"
  'tra (?:lai |ve )?ho so', 'bat (?:lam|viet|khai|nop) lai', 'lam lai tu dau', 'di lai (?:\\d+|may|nhieu|ba|bon|nam) lan',
  // a day's work lost: "xin nghỉ làm cả buổi"
  'xin nghi (?:lam|viec)', 'nghi (?:lam|viec) (?:ca|nua) (?:buoi|ngay)', 'mat (?:ca|nua) (?:buoi|ngay)',
  // conduct at work: rude, drunk, late, asleep, playing, chatting: "nói chuyện rất hỗn", "nhậu say rồi mới lên", "9 giờ mới thấy mặt",
  // "ngủ gật", "ngồi chơi game", "ngồi nói chuyện riêng"
  // ("hỗn" folds like "hôn", "đi muộn" like "dì muốn": those in TOLD_COMPLAINT_MARKED)
  'noi (?:chuyen |nang )?(?:rat |qua |kha |that )?(?:xac|xac xuoc|mat day|coc|tho)', 'hon (?:lao|hao)', 'nhau say', 'say (?:xin|khuot|ruou)', 'di lam (?:muon|tre)',
  '(?:\\d+|may) (?:gio|h)(?: \\d+)? (?:\\S+ )?moi (?:thay mat|co mat|mo cua|den lam|toi lam)', 'moi thay mat', 'ngu gat', 'choi (?:game|dien thoai|dt|bai)', 'ngoi (?:choi|tan gau|buon chuyen)', 'noi chuyen rieng', 'tan gau',
  // refusing, not knowing, forgetting: "không chịu sửa", "bảo không biết", "nhận hồ sơ xong để quên", "không có ai trực"
  '(?:khong|ko|chang|hong) (?:chiu|them) (?:sua|giai quyet|nhan|xu ly|tra loi|lam|ky|cap|nghe|xuong|tiep|giai thich)', '(?:bao|noi|tra loi) (?:la )?(?:khong|ko|chang|hong) (?:biet|ro|phai viec)',
  'hua (?:\\S+ ){0,8}(?:van chua|chua thay|chang thay|van khong|roi (?:lai )?thoi|roi de do)', '(?:chua|chang|khong) thay dau', '(?:khong|ko|chua) cong khai',
  'de quen', 'bo quen', 'quen (?:nop|chuyen|gui|trinh) (?:len|di)', 'lam (?:mat|that lac|lac) (?:ho so|giay)', '(?:khong|ko|chang) (?:co )?ai (?:truc|ngoi truc|lam viec|tiep dan)',
  '(?:xa|thon|uy ban) (?:cung |van |lai )?(?:khong|ko|chua|chang) (?:chiu |them |co )?(?:phun|sua|don|thu gom|xu ly|giai quyet|can thiep|quan tam|ngo ngang|xuong|tra loi)',
  'luot (?:web|face|fb|facebook|dien thoai|dt|tiktok|mang)', 'bat (?:em|e|toi|tui|minh|dan|nguoi dan) (?:\\S+ ){0,3}(?:chiu|tra|dong|nop) (?:tien|phi|le phi)', 'chuyen (?:\\S+ ){0,3}long vong',
];

/** Waiting at the office… */
const WAITED = [
  'xep hang', 'ngoi cho', 'ngoi doi', '(?:cho|doi) (?:tu|den|toi|ca|hon|gan|\\d+|may|nua|suot|mai|hoai)', 'tu (?:\\d+ ?h(?: ?\\d+)?|\\d+ gio|sang|som)',
  // "chờ dài cổ", "đợi mỏi mòn", "từ 7 giờ tới 10 giờ"
  '(?:cho|doi) (?:dai co|mon moi|moi mon|moi mat|muon mat)', '(?:tu|luc) \\d+ ?(?:gio|h)(?: \\S+){0,6} (?:toi|den|den tan|qua) \\d+ ?(?:gio|h)',
];
/** …without being served. */
const NOT_SERVED = [
  '(?:khong|ko|chua) (?:duoc|ai|co ai) (?:tiep|giai quyet|goi ten|goi|lam)', 'chua (?:toi|den) luot', 'van chua (?:xong|duoc|co|toi|den)', 'cung (?:khong|chua|ko) (?:thay|co|duoc|ai)',
  // staff busy with their own talk, nobody looking up: "cán bộ vẫn ngồi nói chuyện riêng", "chẳng ai ngó ngàng"
  'van (?:ngoi|noi chuyen|tan gau|choi)', 'noi chuyen rieng', '(?:khong|ko|chang|cha|chua) (?:co )?ai (?:ngo|ngo ngang|de y|quan tam|hoi han)', 'mac ke',
];

/** The commune's online services… */
const PORTAL = ['cong dich vu cong', 'dich vu cong', 'dvc', 'web', 'trang web', 'website', 'app', 'ung dung', 'vneid', 'he thong', 'link', 'may lay so', 'may bam so', 'truc tuyen', 'online'];
/** …not working ("lỗi" folds into "lời": only with a word that says it is an error). */
const BROKEN = [
  'bi loi', 'bao loi', 'van loi', 'cu loi', 'toan loi', 'loi (?:he thong|ket noi|mang|dang nhap|thanh toan|hoai|suot|mai|hoai)', 'treo', 'quay (?:mai|hoai|vong)',
  // down ("sập rồi", "bị sập"), not "sắp" (soon: "nộp trực tuyến sắp hết hạn")
  'bi sap', 'sap(?= (?:roi|mang|hoai|luon|suot|ca|tu)|$)',
  '(?:khong|ko|k|hong) (?:vao|dang nhap|tai|nop|gui|thanh toan|ky so|xac thuc|mo|load|hien)(?: \\S+)? duoc', 'dung im', 'bi dung', 'hong roi',
  // tried and failed: "đăng nhập hoài không được", "lỗi trắng trang"
  '(?:dang nhap|vao|tai|nop|gui|thanh toan|mo|load|truy cap|xac thuc|ky so)(?: \\S+){0,2} (?:khong|ko|k|hong|chang) (?:duoc|dc|noi)', 'trang trang',
];

/** Money collected or asked for (a fund, a fee, a sum)… */
const MONEY_TAKEN = [
  '(?:thu|xin|lay|doi|bat (?:dong|nop|gop|dua|chi)|quyen gop|gop|van dong|an) (?:them )?(?:\\S+ ){0,3}(?:tien|quy|phi|\\d+ ?(?:nghin|ngan|k|tram|trieu|cu|lit|xi))', 'tien (?:dong )?gop',
];
/** …without accounts or anything done for it: "thu quỹ mỗi hộ 200 nghìn không rõ để làm gì", "thu tiền làm đường mà chẳng thấy làm". */
const UNACCOUNTED = [
  '(?:khong|ko|chang|chua|hong|cha) (?:co |thay |duoc |he )?(?:cong khai|thong bao|giai thich|noi ro|ly do|bien lai|phieu thu|hoa don|giay to|hop dan|hop (?:thon|xom)|bao truoc|thay (?:lam|dau|dong nao))',
  '(?:khong|ko|chang|chua) thay (?:lam|dau|dong nao|gi)', 'co (?:\\S+ ){0,2}(?:bien lai|phieu thu|hoa don|giay to)(?: \\S+){0,2} dau', '(?:khong|ko|chang) ro (?:la |de )?(?:lam gi|tien gi|thu gi|khoan gi|ly do|muc dich|di dau)',
];
/**
 * Money demanded or handed over (not asked for by the citizen: "xin tiền trợ cấp" is a benefit)…
 */
const MONEY_DEMANDED = [
  '(?:doi|bat (?:dong|nop|dua|chi)|lay|thu|dua|chi) (?:them )?(?:\\S+ ){0,3}(?:tien|phong bi|\\d+ ?(?:nghin|ngan|k|tram|trieu|cu|lit|xi))',
  // "bỏ", "dúi" fold like "bố", "dụi": only right before the money ("dự án … tiền" is no "ăn tiền")
  '(?:bo|dut|dui) (?:them )?(?:tien|phong bi|\\d+ ?(?:nghin|ngan|k|tram|trieu|cu|lit|xi))', 'phai (?:co|lo|chi) (?:\\S+ ){0,2}\\d+ ?(?:nghin|ngan|k|tram|trieu|cu|lit|xi)',
];
/** …as the price of the service: "đòi 500 nghìn mới ký", "đưa tiền thì mới làm". */
const PRICE_OF_SERVICE = [
  // not "bao giờ (thì) mới trả": when a payment comes is a question
  '(?<!(?:gio|nao|thi) )(?:thi )?moi (?:chiu )?(?:ky|lam|giai quyet|duyet|cap|xong|dong dau|xet|nhan ho so|tiep|do)',
  // speed for money: "gợi ý đưa 2 triệu thì làm nhanh cho"
  'thi (?:se )?(?:lam|ky|giai quyet|duyet|cap|xong|co) (?:cho )?(?:nhanh|lien|ngay|gap|som|truoc)',
];

/** Help handed out by the commune (support after a storm, allowances)… */
const HANDOUT = ['bi gach ten', 'gach ten (?:\\S+ ){0,2}khoi danh sach', 'ho tro', 'cuu tro', 'cuu doi', 'phat (?:gao|qua|tien)', 'tro cap', 'tien ho tro', 'gao cuu tro', 'qua tet', 'ho ngheo', 'can ngheo', 'binh xet'];
/** …handed out unfairly. */
const UNFAIR = ['chia khong deu', 'bi bo sot', 'bo sot', 'thieu ten', 'khong cong bang', 'ko cong bang', 'thien vi', 'nguoi quen', '(?:khong|ko) co ten', 'lai co ten', 'lai (?:khong|chua|chang) (?:duoc|co)', '(?:khong|ko|chua) cong khai', 'nguoi nha', 'ho hang', 'xe hoi', 'nha (?:giau|kha)', 'co (?:xe )?o to', 'lai duoc (?:vao|nhan|co ten|huong|xet)',
  // struck off or passed over without a word: "bị gạch tên khỏi danh sách cận nghèo mà không ai thông báo"
  '(?:khong|ko|chang|chua) (?:ai |he |duoc |co ai )?(?:thong bao|bao truoc|giai thich)(?= |$)'];

/**
 * A complaint told across the clauses of a message ("loa thôn phát từ 5h, to quá"): a public thing
 * and its problem, a nuisance, help handed out unfairly, the online service broken.
 */
export const TOLD_COMPLAINT_ACROSS = new RegExp(
  `(?:^| )(?:${NUISANCE.join('|')})(?= |$)|${both(HANDOUT, UNFAIR)}|${both(PORTAL, BROKEN)}|${both(WAITED, NOT_SERVED)}|${both(MONEY_TAKEN, UNACCOUNTED)}|${both(MONEY_DEMANDED, PRICE_OF_SERVICE)}|${both(SUM_COLLECTED, RULE_QUESTIONED)}`,
);
/**
 * A complaint told in one clause: those, or an official failing a citizen, said of the official in
 * the same clause ("cán bộ nói chưa ký"; not "công an nhắc khai báo. Chủ trọ thì đi vắng").
 */
export const TOLD_COMPLAINT = new RegExp(`${TOLD_COMPLAINT_ACROSS.source}|${both(OFFICIAL, FAILED)}`);
/** A public thing and its problem ("đường làng bị sạt lở"): a report, unless the citizen asks for help with it (HELP_ASKED). */
export const PUBLIC_HARM = new RegExp(both(PUBLIC_THING, PUBLIC_PROBLEM));
/**
 * Complaint words that fold into common other words, read on the message as typed with marks:
 * "mắng" (mang, to carry), "quát", "chửi", "nạt"; a dog biting people ("chó" folds into "cho"; a dog that chewed a paper is a story).
 */
export const TOLD_COMPLAINT_MARKED =
  /(?:^|[^\p{L}])(?:mắng|quát|chửi|nạt|hỗn|cắn (?:người|chết|trẻ|con nít|bị thương)|chó (?:dữ|sủa)|(?:đi|đến|tới) (?:làm )?(?:muộn|trễ) (?:\p{L}+ )?(?:mới|hoài|suốt|hoài|mãi|cả)|(?:chút|ít|món) quà)(?=[^\p{L}]|$)/u;

// A grievance told by its shape rather than its matter (issue 12): something owed to the citizen that
// keeps not happening ("hẹn đi hẹn lại cả tháng mà không xuống đo đất", "tiền trợ cấp 3 tháng nay không
// thấy đâu", "đi lại 3 lần vẫn thiếu"). Repetition with any let-down; a lasting time only with someone's
// neglect ("2 tuần rồi vẫn chưa có kết quả" is a progress question, not a grievance).
/** Again and again: "3 lần", "lần thứ ba", "lần nào … cũng", "hẹn đi hẹn lại", "hoài", "liên tục". */
const REPEATED = [
  '(?:\\d+|hai|ba|bon|nam|sau|bay|may|nhieu|bao nhieu) (?:lan|luot|chuyen|bua)(?! (?:nay|sau|toi|truoc|nua))', 'lan thu (?:hai|ba|bon|nam|\\d+|may|n)',
  '(?:lan|sang|trua|chieu|toi|dem|ngay|hom|bua|tuan|thang|nam|mua|buoi) nao (?:\\S+ ){0,6}cung', 'hoai', 'lien tuc', 'tai dien', 'nhac (?:\\S+ ){0,3}(?:may|nhieu|\\d+|hai|ba) lan',
  '(?:hen|noi|bao|hoi|goi|len|chay|sua|nop|lam|nhac|doi|cho|dan|xin|ra|vao) di (?:hen|noi|bao|hoi|goi|len|chay|sua|nop|lam|nhac|doi|cho|dan|xin|ra|vao) lai',
  // told again and again ("nói mãi không nghe", "báo mãi chẳng ai chặt"; "mãi" folds like "mai", tomorrow: only after the telling)
  '(?:noi|bao|nhac|goi|hoi|cho|doi|len|xin|nhan) (?:\\S+ )?(?:mai|hoai|bao nhieu lan)',
];
/** A time that drags on: "3 tháng nay", "cả tháng rồi", "đến giờ vẫn". */
const LASTING = [
  '(?:\\d+|mot|hai|ba|bon|nam|sau|may|nhieu|gan|hon|ca|vai|nua) (?:ngay|tuan|thang|nam|hom) (?:nay|roi|troi|lien|qua)(?! (?:khong|ko|chua|a|vay|ha)$)', 'tu (?:nam ngoai|nam kia|nam truoc|thang truoc|dau nam|thang \\d+|nam \\d+)',
  '(?:den|toi) (?:nay|gio|bay gio|hom nay)(?: \\S+){0,3} (?:van|cung|ma|chua|con)', 'mai (?:chua|khong|van|ma|cung)', 'ca (?:thang|tuan|nam) (?:nay|roi|troi)',
];
/** Someone's neglect: nobody does it, it never comes, one is only told to wait, something is done to one. */
const NEGLECT = [
  `(?:khong|ko|chua|chang|cha|hong) (?:co )?ai (?!${OWN_REGISTRATION})(?:\\S+ )?(?:xuong|den|toi|sua|lam|giai quyet|tra loi|xu ly|phan hoi|tiep|nghe|don|thu gom|quan tam|ngo ngang|dam|de y|hoi han|chiu)`,
  // (not "chưa thấy gì", "chưa thấy tin tức": a dossier waited on, its progress asked, "nộp online 3 hôm rồi chưa thấy gì")
  '(?:khong|chua|chang|cha|ko|hong) thay (?:dau|ai|dong nao|tam hoi|hoi am|phan hoi|xuong|den|sua|ve)', 'chi (?:thay )?(?:bao|noi|hen|tra loi) (?:cho|doi|ve|len|mai|de do|tu tu|tuan sau|thang sau|hom khac|bua khac|dang xu ly)',
  'bi (?:noi|bat|mang|duoi|quat|doi|hach|lam kho|ngo lo|phot lo|bo mac)(?= |$)', 'mac ke', 'bo mac', 'lam ngo',
  // asked, and only told to wait: "hỏi thì bảo chờ", "lên hỏi thì cứ hẹn tuần sau"
  '(?:hoi|len|ra|goi|den) (?:\\S+ ){0,2}thi (?:chi |lai |cu |cung |van )?(?:bao|noi|hen) (?:la )?(?:cho|doi|de do|tu tu|mai|tuan sau|thang sau|dang xu ly)(?= |$)',
  // a promise not kept, nothing paid at all, told and not listened to: "hứa sửa cầu … đến giờ vẫn gãy", "chưa nhận được đồng nào"
  'hua (?:\\S+ ){0,8}(?:van|chua|chang|khong|ko)', '(?:khong|chang|cha|ko|chua) (?:\\S+ ){0,2}(?:giot|dong|xu|ai|nguoi) nao', '(?:khong|ko|chang) (?:chiu |them )?(?:nghe|sua|lam)(?= |$)', '(?:ma|van|cung) (?:khong|chua|chang|ko|cha) (?:chiu |them |co ai |ai )?(?:xuong|den|toi|sua|giai quyet|tra loi|xu ly|phan hoi|ky|tiep)',
];
/** …or any let-down, after repetition: "vẫn thiếu", "báo lỗi", "không có giọt nào". */
const LET_DOWN = [
  ...NEGLECT, 'van (?:thieu|bi|khong|chua|nhu cu|the)', '(?:bao|bi|van) loi', 'bi (?:tra ve|tra lai|tu choi)', 'moi lan (?:\\S+ ){0,3}(?:bao|noi|chi|doi|bat)',
];
/** A procedure asked how to do ("giờ làm hồ sơ thế nào"): no grievance, whatever the story. */
const HOW_TO = phrase(
  'thu tuc', '(?:lam|xin|dang ky|nop|chuan bi|can|mang) (?:\\S+ ){0,4}(?:the nao|nhu the nao|nhu nao|ntn|ra sao|o dau|giay (?:to )?gi|nhung gi)', 'phai lam (?:gi|sao)', 'lam sao de',
);
/**
 * Asks for help with a misfortune ("đường làng sạt lở, nhà tôi sát mép, có được hỗ trợ di dời không",
 * "bão làm sập nhà, xin hỗ trợ"): a procedure, not a report of the public thing or a grievance.
 */
const HELP_ASKED = phrase('(?:xin|co duoc|duoc|muon|can|nho|de nghi|co)(?: \\S+){0,3} (?:ho tro|tro cap|cuu tro|di doi|tai dinh cu|vay von|giup do)(?: \\S+){0,6} (?:khong|ko|k|hong|chua|gi|the nao|nhu the nao|ra sao|o dau|a)$');
/**
 * Asks the commune to mediate between neighbours ("chỉ muốn có người đứng giữa nói cho ra lẽ", "mong xã đứng ra
 * cho hai bên ngồi lại với nhau"): mediation, a procedure, however the quarrel is told ("nói hoài không nghe").
 */
const MEDIATION_ASKED = phrase(
  'dung (?:ra )?giua', 'dung ra (?:\\S+ ){0,3}(?:hoa giai|phan xu|cho hai (?:ben|nha|gia dinh)|noi chuyen|giai quyet cho hai)', 'ngoi lai (?:voi nhau|noi chuyen)', 'hoa giai', 'noi cho ra le', 'phan xu',
);
/**
 * A citizen who cannot get to the office ("người nhà không xuống được để báo", "vì người lớn không xuống xã được"):
 * a flooded road or a far village told as the reason, the question a procedure (done where they live).
 */
const CANNOT_COME = phrase(
  '(?:khong|ko|chua|chang|hong) (?:the )?(?:xuong|len|ra|ve|di) (?:xa |uy ban |ubnd |huyen )?(?:duoc|noi) de', '(?:vi|nen|do) (?:\\S+ ){0,3}(?:khong|ko|chua|chang|hong) (?:the )?(?:xuong|len|ra|ve|di) (?:xa|uy ban|ubnd|huyen) (?:duoc|noi)',
);
/** Asks how to do a procedure ("thì làm hồ sơ như thế nào"). */
export function asksHowTo(p: CueText): boolean {
  return saidIn(HOW_TO, p);
}
/**
 * Something done without its due ("tự ý cho thuê mà dân không ai biết", "cho học sinh nghỉ mà không
 * báo trước", "thu tiền máy lạnh mà lớp không có máy lạnh"): a grievance when the message asks nothing.
 */
const WITHOUT_DUE = phrase(
  '(?:ma|nhung|the ma|vay ma) (?:\\S+ ){0,3}(?:lai |van |cung )?(?:khong|chang|cha|chua|ko|hong) (?:he |co ai |ai |duoc |thay |chiu )?(?:bao|bao truoc|thong bao|cong khai|dua|tra|xuong|hoi|sua|giai quyet|tra loi|giai thich|xu ly|don|hop)(?= |$)',
  '(?:ma|nhung) (?:\\S+ ){0,3}(?:khong|hong|chang|cha|chua|ko) (?:co )?ai (?:lam cho|tiep|giai quyet|tra loi|xu ly|ngo ngang|de y|quan tam|sua|don|xuong|nghe)(?= |$)',
);
/** A question asked: a question mark, or words that ask whatever their marks. */
const QUESTION = phrase('gi', 'the nao', 'nhu the nao', 'nhu nao', 'ntn', 'ra sao', 'lam sao', 'o dau', 'bao gio', 'khi nao', 'bao lau', 'bao nhieu', 'duoc khong', 'co duoc', 'phai khong', 'hay khong', 'cho hoi', 'xin hoi', 'giup', 'gium', 'dum', 'coi (?:giup|gium|dum|lai|ho)', 'nho (?:xa|can bo|anh|chi)', '(?:khong|ko|chua|hong|k) (?:a|ah|vay|nhi|ha)$', '(?:khong|ko|chua|hong)$');
/** Asks nothing at all: a story told, the point of which is the telling. */
function asksNothing(p: CueText): boolean {
  return !/[?？]/.test(p.normalized) && !saidIn(QUESTION, p);
}
/**
 * A question that challenges rather than asks ("xã làm việc kiểu gì vậy", "sao lại vậy", "vậy có đúng
 * quy định không", "ai chịu trách nhiệm"): a grievance when said of the commune or its staff.
 */
const INDIGNANT = ['lam viec kieu gi', 'kieu gi (?:vay|the|vay troi)', 'sao lai (?:vay|the|nhu vay|lam vay)', 'vay la sao', 'the la sao', 'ai chiu trach nhiem', '(?:vay|nhu vay|the|the thi) (?:co )?dung (?:quy dinh|luat)', 'co hop ly khong', 'vo ly'];
/** A grievance told by its shape (both families in the text), unless a procedure is asked how to do. */
export const GRIEVANCE = new RegExp(`${both(REPEATED, LET_DOWN)}|${both(LASTING, NEGLECT)}|${both(OFFICIAL, INDIGNANT)}`);

/** A message as the intent rules read it: folded words after synonyms, folded words as typed, the text with marks. */
export interface CueText {
  key: string;
  words: string[];
  normalized: string;
}

/**
 * A complaint told as a story, in the words as rewritten or as typed ("hẹn" is no regional "hen"),
 * or in words that need their marks. `across`: only the families that may span clauses; `message`:
 * the whole message the clause `p` is part of (what it asks).
 */
export function toldComplaint(p: CueText, across = false, message: CueText = p): boolean {
  const re = across ? TOLD_COMPLAINT_ACROSS : TOLD_COMPLAINT;
  if (saidIn(re, p) || TOLD_COMPLAINT_MARKED.test(p.normalized)) return true;
  // A misfortune or a wait told while the message asks for help or how to do something is a procedure question.
  // So is a quarrel told while asking for mediation, and a flooded road told as why one cannot come.
  return (
    ((saidIn(PUBLIC_HARM, p) && !saidIn(CANNOT_COME, message)) || saidIn(UTILITY_OUT, p) || (saidIn(GRIEVANCE, p) && !asksHowTo(message) && !saidIn(MEDIATION_ASKED, message)) ||
      (saidIn(WITHOUT_DUE, p) && asksNothing(message) && !saidIn(CUES.dossier_status, message))) &&
    !saidIn(HELP_ASKED, message)
  );
}

/** The rule holds on the words as rewritten or as typed (read once when no synonym changed them: the families are long). */
function saidIn(re: RegExp, p: CueText): boolean {
  if (re.test(p.key)) return true;
  const typed = p.words.join(' ');
  return typed !== p.key && re.test(typed);
}

export const CUES: Record<Exclude<Intent, 'procedure' | 'unknown' | 'referral'>, RegExp> = {
  unsubscribe: phrase(
    '(?:khong|ko|k|hong|hem|kg) (?:muon |can |thich |can phai )?nhan (?:tin|ban tin|thong bao)(?: \\S+){0,6} nua',
    // "bỏ đăng ký nhận tin", "hủy theo dõi", "hủy đăng ký" said alone, "stop sending", "no more messages"
    'bo (?:dang ky |dk )?nhan (?:tin|ban tin|thong bao)', '(?:bo|huy|thoi) (?:dang ky|dk|dang ki) (?:nhan )?(?:tin|ban tin|thong bao)(?= |$)', '^(?=(?:.* )?ban tin(?= |$)).*(?:^| )tat (?:cho|giup|gium|dum|di|luon|dum)', 'huy (?:theo doi|dang ky theo doi)', '^(?:\\S+ ){0,2}huy (?:dang ky|dk)(?: (?:di|nha|nhe|giup|gium|dum|voi|a|luon))*$',
    'thoi (?:nhan|theo doi) (?:ban tin|tin|thong bao)', '(?:thoi|khong|ko|dung|ngung|khoi) (?:\\S+ )?theo doi nua',
    '(?:don ?t|do not|dont) (?:want|need) (?:\\S+ ){0,2}(?:messages|news|notifications|updates|newsletter)', 'stop (?:\\S+ ){0,2}(?:messages|notifications|newsletter)', 'stop (?:sending|the (?:news|messages|notifications))', 'no more (?:messages|news|notifications|updates)', 'huy (?:dang ky |dk |dang ki )?nhan', 'huy (?:gium|giup|di|luon)(?= |$)(?=.*(?:ban tin|nhan tin|thong bao))',
    '(?:ngu?n?g|du?n?g|thoi|khoi) (?:gui|goi|nhan) (?:ban tin|tin|thong bao)', 'un ?sub\\S*', 'tat (?:het )?(?:thong bao|ban tin)', '(?:thoi|khoi|dung|ngung|dug|dun) g[ou]i(?: \\S+){0,4} nua',
    'huy nhan tin', 'huy (?:dang ky )?nhan (?:ban )?tin', 'huy dang ky nhan', 'dung (?:gui|nhan) (?:tin|thong bao|ban tin)',
    'khong muon nhan (?:tin|ban tin|thong bao)(?: nua)?', 'khong nhan (?:tin|ban tin) nua', 'unsubscribe', 'stop',
    'huy (?:nhan )?ban tin', 'bo theo doi',
  ),
  subscribe: phrase(
    // not a message received ("nhận tin nhắn bảo bổ sung", "đã nhận thông báo"): a wish to receive the bulletin
    // nor texting someone ("nhắn tin cho xã", typed without marks)
    `(?<!(?:da|vua|moi) )nhan (?:ban tin|tin tuc|thong bao(?! (?:bao|la|ve|yeu cau|bo sung|tu))|tin(?! nhan)(?! (?:cho|toi|den|len|hoi|vao|qua|voi|vs) (?:xa|uy ban|ubnd|${PERSON}|${ADMIN}|fanpage|page|trang|bo phan|phong|${ADDRESS})(?= |$)))(?: (?:cua xa|hang tuan|moi tuan|tuan))?`, 'dang ky (?:nhan|theo doi) (?:ban tin|tin|thong bao)', 'subscribe',
    'theo doi (?:ban tin|tin tuc)', '^(?=(?:.* )?ban tin(?= |$)).*(?:^| )bat (?:lai )?(?:cho|giup|gium|dum|len|di)', 'dang ky nhan lai', 'nhan lai (?:ban tin|tin)', 'bat (?:lai )?(?:thong bao|ban tin)',
    // told of results as they come: "muốn được báo kết quả hồ sơ mỗi tuần qua Zalo", "báo kết quả cho tôi qua zalo"
    'duoc bao (?:\\S+ ){0,6}(?:moi|hang) tuan', '(?:duoc|muon) (?:thong )?bao (?:ket qua|khi|tinh trang)', 'bao (?:ket qua|tinh trang)(?: ho so)?(?: cho (?:toi|em|e|tui|minh))? (?:qua|bang) (?:zalo|tin nhan|sms|email|messenger|dien thoai)',
    'theo doi thong bao (?:cua xa|ket qua)', 'notify me', 'send me (?:updates|news|notifications)', 'weekly (?:bulletin|newsletter|news|updates)', '(?:get|receive) (?:the |your )?(?:\\S+ )?(?:bulletin|newsletter)',
  ),
  dossier_status: phrase(
    'ma (?:ho so|hs)', 'tra cuu (?:tinh trang )?(?:ho so|hs)', 'tinh trang (?:ho so|hs)', 'ho so (?:cua em|cua toi|cua minh) (?:sao roi|den dau|the nao roi)',
    '(?:den|o|toi) buoc nao', 'den dau roi', 'xong chua', 'co ket qua chua', 'da co ket qua chua', 'sao roi', 'chua thay (?:bao|tra|ket qua)',
    '(?:kiem tra|kt) (?:giup|gium|ho|dum)', 'lay duoc chua', 'giai quyet den dau', 'so bien nhan', 'phieu hen',
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
    'xem (?:tinh trang|tien do)', 'tien do (?:ho so|hs|giai quyet|xu ly)', 'processed yet',
    // "hỏi tình hình hồ sơ", "bao giờ có kết quả hồ sơ của em", "hồ sơ … đã giải quyết chưa", "hồ sơ bị trả về là sao"
    // promised for a day, not come yet: "hẹn thứ 2 trả kết quả, giờ thứ 6 rồi vẫn chưa có" (with no blame, progress)
    'hen (?:\\S+ ){0,4}(?:tra|lay|co|nhan)(?: \\S+){0,8} (?:van chua|chua thay|chua co|chua tra)',
    // the when-question first, the submission after: "bao giờ nhận được giấy khai sinh của con, tôi nộp hôm thứ tư"
    `^(?=(?:.* )?(?:da )?nop (?:\\S+ ){0,6}(?:${SUBMITTED_WHEN})(?= |$)).*(?:^| )(?:bao gio|khi nao|chung nao|bua nao) (?:thi )?(?:\\S+ ){0,3}(?:nhan|lay|co|xong|tra)`,
    // said at the end, as the point ("hồ sơ của tôi chưa xong"), not on the way to another request ("… chưa có kết quả. Muốn rút lại hồ sơ")
    'ho so(?: \\S+){0,8} chua (?:xong|co ket qua|duoc duyet|duoc ky)(?: (?:a|nua|vay|nhi|ha|ca))*$',
    'tinh hinh (?:ho so|hs)', 'hoi (?:ve )?ket qua (?:ho so|hs)', 'ket qua (?:ho so|hs)(?: \\S+){1,5} cua (?:em|e|toi|tui|minh|nha)(?= |$)',
    // still waiting, after handing it in: "nộp giấy tờ rồi, giờ phải chờ bao lâu nữa"; in English
    'cho (?:them )?(?:bao lau|may ngay|may hom|den bao gio|toi bao gio) nua', '(?:happening|news|update|updates) (?:with|on|about) my', 'ho so(?: \\S+){0,8} (?:da )?(?:toi|den|ve) (?:xa|uy ban|noi|tay can bo) chua', '(?:xu ly|giai quyet|lam|duyet) (?:toi|den) dau', 'ho so(?: \\S+){0,8} (?:toi|den) dau', 'whether my', 'is (?:it |my \\S+ )?(?:done|ready|approved|finished)', 'ket qua (?:ho so|hs) (?:cua )?(?:em|e|toi|tui|minh|nha)', 'ho so(?: \\S+){0,8} (?:da )?(?:duoc |dc )?(?:giai quyet|xu ly|duyet|phe duyet|ky|xong) chua',
    // the receipt's number to look up: "tra cứu giúp mã biên nhận 2503-118 với" (not "tra cứu mã số thuế")
    'ma (?:so )?(?:bien nhan|phieu hen|giay hen)', 'tra cuu (?:giup |gium |dum |ho )?(?:ma |so )?(?:bien nhan|phieu hen|giay hen)',
    // filed online in the past, the result asked where or when: "con tôi khai sinh online hôm qua, bản điện tử nhận ở đâu"
    `^(?=(?:.* )?(?:nop|khai|dang ky|lam|gui) (?:\\S+ ){0,4}(?:truc tuyen|online|qua mang|tren vneid|tren dich vu cong) (?:\\S+ ){0,2}(?:${SUBMITTED_WHEN})(?= |$)).*(?:ket qua|ban dien tu|ban giay|ban chinh|giay) (?:\\S+ ){0,2}(?:nhan|lay|xem|tai) (?:o dau|cho nao|bao gio|khi nao)`,
    'ho so(?: \\S+){0,6} bi (?:tra ve|tra lai|tu choi)(?: \\S+){0,5} (?:la sao|vi sao|tai sao|sao vay|ly do|why|sao (?:khong|chua|ko))',
    // asked whether it was refused: "hồ sơ hộ kinh doanh của tôi bị từ chối à"
    'ho so(?: \\S+){0,8} bi (?:tra ve|tra lai|tu choi)(?: (?:roi|that|luon))?(?: (?:a|ha|ah|sao|vay|nhi|hay sao))+$',
    // "mai có trả kết quả tách hộ cho nhà tôi chưa": asked whether it is out yet
    '(?:co |da )?tra ket qua(?: \\S+){0,8} chua(?: (?:a|vay|nhi|ha|ad|ta))*$',
    // Asked at the very end whether it has happened yet, after a paper handed in: "tách thửa nhà tôi nộp
    // 3 tuần rồi, đã xuống đo chưa", "đơn tách hộ nộp từ đầu tháng có kq chưa chị" (not "làm được chưa").
    '^(?=(?:.* )?(?:nop|da gui|hen|ho so|hs|don)(?= )).*(?<!(?:duoc|dc|nen|can|phai)) chua(?: (?:a|vay|nhi|ha|ta|chi|b|ban|ad|z|anh|em|ak|nhe))*$',
    'when will my', 'is my (?:\\S+ ){0,3}(?:application|file|dossier|certificate|paper|request)', 'ready yet', 'my (?:application|file|dossier|request) (?:done|ready|approved)', 'status of my', 'application status', 'track my', 'check (?:on )?my (?:application|file|dossier)',
  ),
  human: phrase(
    `gap (?:${PERSON}|${SOMEONE} that|truc tiep)`, `${SOMEONE} that`, `noi chuyen (?:truc tiep )?(?:${WITH} )?(?:${PERSON}|${SOMEONE})`,
    // A phone number asked for, not one of another business ("số điện thoại tiệm gas"), nor one
    // called in vain (a complaint).
    `(?:xin|co|can|cho) (?:(?:em|e|toi|tui|minh) )?(?:xin )?(?:sdt|so dien thoai|sd t)(?! (?:${NOT_STAFF}))`,
    'goi (?:dien )?truc tiep', 'tu van vien', 'tong dai',
    'chuyen (?:cho|sang) can bo', 'human', 'real person', 'talk to (?:someone|a person|staff)', 'operator', 'agent', 'representative',
    'can nguoi (?:tra loi|giup|that)', 'gap (?:ai do|nguoi|chi|anh) (?:o xa|truc tiep|can bo)',
    // A person asked for in so many words: "cho tui nói chuyện với ai trên xã", "có ai trực không",
    // "chuyển người giúp em", "gọi lại cho tôi", "nhân viên đâu rồi", "bot trả lời không đúng".
    `(?:noi chuyen|trao doi|lam viec|chat) (?:truc tiep )?${WITH} (?:(?:${ADDRESS}) )?(?:ai|${SOMEONE}|${ADMIN}|anh chi|${PERSON}|${OFFICE})`,
    `(?:chuyen|noi may|ket noi)(?: (?:giup|gium|dum|ho) (?:em|e|toi|tui|minh))? (?:cho |sang |qua |toi |voi )?(?:(?:em|e|toi|tui|minh) )?(?:gap )?(?:(?:${ADDRESS}) )?(?:nguoi|${PERSON}|${OFFICE})`,
    `(?:cho|xin|muon|can) (?:(?:em|e|toi|tui|minh) )?(?:lien he|lien lac) (?:truc tiep )?(?:voi )?(?:(?:${ADDRESS}) )?(?:${PERSON}|${OFFICE})`,
    // The phone number of a person of the commune: "cho e xin số chị bên hộ tịch".
    `(?:xin|cho) (?:(?:em|e|toi|tui|minh) )?(?:xin )?so (?:dien thoai |dt )?(?:cua )?(?:${ADDRESS}|${PERSON}|ben|phong|bo phan|ad)(?= |$)`,
    `(?:can|muon|xin|cho) (?:(?:em|e|toi|tui|minh) )?(?:gap |hoi |noi voi )?(?:nguoi|${PERSON}) (?:tu van|ho tro|giup|tra loi|huong dan|that|truc)`,
    '(?:hoi|tu van|ho tro|noi chuyen|trao doi|gap) truc tiep', `co ai (?:truc|o do|o day|tra loi|nghe|ho tro|giup)(?! ${THIRD_PERSON}(?= |$))`, `(?:${PERSON}) (?:dau|dau roi|dau het roi|dau het ca roi)`,
    '(?<!ai )goi lai (?:(?:giup|gium|dum|ho|cho) )?(?:em|e|toi|tui|minh)', 'anyone there', 'anybody there', 'someone there', '(?:bot|may|chatbot|tro ly ao) (?:\\S+ ){0,2}(?:khong|ko|hong|chang) (?:hieu|dung|biet)', 'chat voi (?:may|bot)',
    // A plea to the person behind the chat, nothing else said: "chị cán bộ ơi giúp em với", "a/c nhân viên ơi rep e với".
    `^(?:(?:${ADDRESS}|ad|admin|${PERSON}|em|ban|xa) )*oi (?:(?:${ADDRESS}|ad|admin) )?(?:rep|tra loi|giup|gium|ho tro|tu van)(?: (?:e|em|toi|tui|minh|giup|gium|dum|voi|di|nhanh|nha|nhe|a|chut|ti|cai|len))*$`,
    'speak (?:to|with)', 'talk (?:to|with)', 'call me', 'a human', 'live (?:agent|person|chat)', 'customer service', 'hotline',
    // The office's number or Zalo: "số điện thoại bộ phận một cửa", "sđt xã là gì", "cho xin zalo cán bộ".
    `(?:so dien thoai|so dt|sdt|sd t|dien thoai|so zalo|zalo|so may|duong day nong)(?: (?:cua|lien he|lien lac))? (?:(?:${ADDRESS}) )?(?:xa|uy ban|ubnd|bo phan|van phong|${PERSON}|${OFFICE})(?= |$)`,
    // How to reach them: "làm sao liên hệ với cán bộ xã", "liên hệ cán bộ ở đâu", "gọi điện cho xã thì gọi số nào".
    `(?:lam sao|lam the nao|cach nao|bang cach nao|the nao) (?:de )?(?:lien he|lien lac|goi dien|goi|gap) (?:voi |cho |toi )?(?:(?:${ADDRESS}) )?(?:xa|uy ban|${PERSON}|${OFFICE}|bo phan)`,
    `(?:lien he|lien lac|goi dien|goi)(?: (?:voi|cho|toi|den))? (?:(?:${ADDRESS}) )?(?:xa|uy ban|${PERSON}|${OFFICE}|bo phan)(?: \\S+){0,2} (?:o dau|the nao|bang cach nao|so nao|qua dau|duoc khong|dc ko|dc k)`,
    // Anyone there, a staff member called: "có ai không ạ", "alo có ai ở đó không", "nhân viên ơi".
    `^(?:(?:alo|oi|a|da|ad|admin) )*(?:co )?(?:ai|${SOMEONE}) (?:o do |o day |truc |do |ben do |ben xa )?(?:khong|ko|hong|k|kg|hem)(?: (?:a|vay|ta|day|nhi|ha|z))*$`, `^(?:(?:${ADDRESS}) )?(?:${PERSON}|${ADMIN}) oi(?: (?:oi|a|voi))*$`,
    // Met, called back, contacted again: "cho em gặp chị phụ trách hộ tịch", "có thể gọi điện cho tôi không", "nhờ cán bộ liên hệ lại".
    `(?:cho|muon|can|xin) (?:(?:em|e|toi|tui|minh) )?(?:duoc )?gap (?:(?:${ADDRESS}) )?(?:nguoi )?(?:phu trach|ben|truc|lam)`,
    '(?:co the|lam on|vui long|nho|xin|can|muon) (?:\\S+ ){0,3}(?:goi dien|goi lai|lien he lai|lien lac lai) (?:lai )?(?:cho |voi )?(?:em|e|toi|tui|minh)(?= |$)', 'lien (?:he|lac) lai (?:voi |cho )?(?:em|e|toi|tui|minh)(?= |$)',
    '(?:^| )ai (?:tra loi|rep|giup|ho tro) (?:toi|em|tui|minh|e) (?:voi|di|nao|coi|cai|voi)', '^(?:\\S+ )?tra loi (?:di|coi|de|giup) (?:chu|nao|xem|voi)', 'may moc (?:\\S+ ){0,2}(?:khong|ko|hong|chang) (?:hieu|dung|biet)',
    `(?:co )?(?:${PERSON}|ai|nguoi) (?:nao )?(?:dang )?truc (?:khong|ko|hong|k|kg)`, `(?:xin|cho|co) (?:(?:em|e|toi|tui|minh) )?(?:xin )?(?:so )?zalo(?! (?:${NOT_STAFF}))`, '(?:^| )ai (?:do |day |oi )?(?:tra loi|rep|giup|ho tro) (?:toi|em|tui|minh|e) (?:voi|di|nao|coi|cai)',
    // "ad có đó không", "cho em xin gặp chị Lan bên tư pháp", "chuyển lời giúp tôi tới cán bộ", "không muốn nói chuyện với bot"
    `^(?:(?:ad|admin|${ADDRESS}|${PERSON}) )+(?:oi )?(?:co )?(?:do|o do|day|o day|dang o do|con do|con o do|online|onl) (?:khong|ko|hong|k|kg)(?: \\S+)?$`,
    // Who is in charge, to be put through: "ai phụ trách mảng chính sách người có công vậy, cho tôi nói chuyện với người đó".
    'ai (?:dang |la )?(?:nguoi )?phu trach',
    // "cho tôi gặp" said last, the person named before: "ai phụ trách hộ tịch vậy, cho tôi gặp" (not "cần gấp", urgently).
    '(?:cho|muon) (?:em|e|toi|tui|minh) (?:duoc )?gap(?: (?:voi|di|nhe|nha|a|truc tiep|nguoi do|ho|anh ay|chi ay|co ay|ong ay|ba ay))*(?: (?:duoc khong|dc ko|dc k|duoc ko))?$',
    // Call me, the number given: "gọi điện cho tôi đi, 0912…", "gọi cho em theo số này nhé" (not "xã gọi cho tôi bảo bổ sung").
    '(?<!(?:^| )ai )goi (?:dien )?(?:lai )?(?:(?:giup|gium|dum|ho) )?(?:cho|toi) (?:em|e|toi|tui|minh)(?= (?:theo|vao|qua|so|sdt|di|nhe|nha|voi|ngay|gap|lien|duoc khong|dc khong|dc ko|nhanh)(?= |$))',
    // Anyone who answers or shows the way: "có người nào trả lời không vậy", "có ai chỉ giùm hông".
    `co (?:ai|nguoi nao|ng nao|ai do) (?:o do |o day |dang |ben xa |tren xa )?(?:tra loi|rep|giup|ho tro|chi|huong dan|truc|online|onl)(?: (?:giup|gium|dum|cho|em|e|toi|tui|minh|voi|lai|ho))* (?:khong|ko|hong|k|kg|hem)(?: (?:a|vay|ta|day|nhi|ha|z))*$`,
    // Chat shorthand to the page's admin, nothing else said: "ad có onl không", "ad rep em với"; "is anyone available".
    '^(?:ad|admin)(?: oi)? (?:rep|tra loi)(?: lai)?(?: tin nhan)?(?: (?:e|em|toi|tui|minh|giup|gium|dum|voi|di|nhanh|nha|nhe|a|chut|ti|cai|len))*$', '(?:anyone|anybody|someone) available',
    `(?:cho|muon|can|xin) (?:(?:em|e|toi|tui|minh) )?(?:xin )?(?:duoc )?gap (?:${ADDRESS}) \\S+ (?:ben|o phong|phu trach|phong)`,
    `chuyen (?:loi|tin nhan|cau hoi|y kien)(?: (?:giup|gium|dum|ho) (?:em|e|toi|tui|minh))? (?:toi|den|cho|len) (?:(?:${ADDRESS}) )?(?:${PERSON}|${OFFICE}|xa)`,
    '(?:khong|ko|hong|chang) (?:muon|thich) (?:noi chuyen|chat|nhan tin|hoi) (?:voi )?(?:bot|may|chatbot|tro ly ao|robot)',
    `(?:chuyen|noi may|ket noi) (?:giup |gium |dum )?(?:em|e|toi|tui|minh) (?:voi|sang|qua|toi|cho|gap) (?:(?:${ADDRESS}) )?(?:nguoi|${PERSON}|${OFFICE})`,
    '(?:cho|muon|can|xin) (?:(?:em|e|toi|tui|minh) )?(?:duoc )?gap (?:ai do|mot ai do|ai|nguoi nao do|nguoi)(?= (?:khong|ko|hong|duoc|dc|voi|di|a|nhe|de)|$)',
    // "muốn gọi cho cán bộ xã thì gọi số nào"
    'goi (?:\\S+ ){0,2}so nao', `(?:muon|can|xin|cho) (?:(?:em|e|toi|tui|minh) )?goi (?:dien )?(?:cho|toi|den|len) (?:(?:${ADDRESS}) )?(?:${PERSON}|${OFFICE}|xa|uy ban)`,
    'anyone (?:who|to|that) (?:can )?(?:help|speak|talk)',
    // someone who speaks the citizen's language: "bên mình có cán bộ nào nói được tiếng Khmer không"
    `(?:${PERSON}|ai|${SOMEONE}) nao (?:\\S+ ){0,2}(?:noi|biet|ranh|thao|hieu) (?:duoc )?tieng`, 'in person', 'contact (?:the |a |your )?(?:commune|office|staff|officer|someone|somebody|person)', 'phone number', 'transfer me', 'staff member',
  ),
  feedback: phrase(
    // "xã nên" (the commune should), not "ở xa nên", "đi làm xa nên" (far away, so)
    'phan anh', 'kien nghi', 'gop y', 'khieu nai', 'to cao', 'de nghi xa', 'mong xa', '(?<!(?:lam|o|di|song|que|cach|tan|rat|qua|hoi|khá|kha) )xa nen', 'bat (?:em|toi|dan) (?:di lai|photo|cho)',
    'kho chiu', 'thai do', 'hach dich', 'nhung nhieu', 'cho (?:gan |hon )?\\d+ tieng', 'bi loi', 'hong (?:ca|roi|may)', 'may lay so',
    'complain', 'complaint', 'buc xuc', 'coc loc', 'coc can', 'tho lo', 'vo le', 'lam kho (?:dan|nguoi dan|em|toi)', 'doi them tien',
  ),
  rating: phrase('danh gia', 'cham diem', '(?:rat |khong )?hai long', 'rate', 'rating', '\\d sao'),
  greeting: phrase(
    'xin chao', 'chao', 'hello', 'hi', 'alo', 'good (?:morning|afternoon|evening)', 'cam on', 'tks', 'thanks', 'thank you', 'thank',
    // "bắt đầu" only said alone ("bắt đầu ra sao" asks how to start a procedure)
    'ok', 'oke', 'hieu roi', 'menu', '^(?:\\S+ )?bat dau(?: lai)?$', 'camon', 'cmon', 'thank u', 'thanks u',
    // Wishes, and a question announced but not yet asked: "chúc cán bộ buổi sáng tốt lành", "cô ơi cho em hỏi chút", "xin lỗi cho hỏi".
    'chuc (?:\\S+ ){0,4}(?:tot lanh|suc khoe|vui ve|thanh cong|binh an|an lanh|may man)', '(?:buoi sang|buoi chieu|ngay) tot lanh',
    `^(?:(?:${ADDRESS}|o|ad|admin|ban|xin loi|da|alo|chao|xin chao|em|e|toi|tui|minh) )*(?:oi )?(?:cho|xin) (?:(?:em|e|toi|tui|minh|con|chau) )?hoi (?:chut|ti|xiu|ty|mot chut|mot ti|mot xiu|cai|nhe|nha)(?: (?:a|nha|nhe|voi|duoc khong|dc ko|dc k|nhe))*$`,
    `^(?:(?:${ADDRESS}|o|ad|admin|ban|xin loi|da|alo|chao|em|e) )*(?:oi )?cho (?:(?:em|e|toi|tui|minh|con|chau) )?hoi(?: (?:a|nha|nhe|voi))*$`,
    `^(?:(?:${ADDRESS}|o|ad|admin|ban) )+oi (?:(?:em|e|toi|tui|minh|con|chau) )?hoi (?:chut|ti|xiu|ty|mot chut|mot ti|mot xiu|cai)(?: (?:a|nha|nhe|voi))*$`, `^(?:(?:${ADDRESS}|o|ban|em|e) )?oi(?: (?:oi|a))*$`, 'excuse me', 'tam biet', 'bye(?: bye)?', 'goodbye', 'hen gap lai',
  ),
  fee: phrase(
    // "đất/nhà/lô mặt tiền" is land or a house on the road front, not money lost ("mất tiền").
    'le phi', '(?<!(?:chi|hoc|tang|vien) )phi', 'bao nhieu tien', 'may tien', `(?<!(?:${FRONTAGE_OF}|lua|lua dao|trom|cuop|gat) )mat tien`, 'ton tien', 'het bao nhieu', 'mat bao nhieu(?! ngay| lau)',
    'gia bao nhieu', 'gia (?:the nao|ca)', 'thu phi', '(?:dong|nop|tra) tien', 'mien phi', 'bn tien', 'bn', 'het tien', 'tien (?:phi|le phi)',
    // "lấy 3 bản thì tính tiền sao", "1 bản bao nhiu", "bao nhiêu 1 lần"
    // "tốn nhiều tiền không", not a cost told in a story ("nằm viện 5 ngày, tốn khá nhiều tiền")
    'tinh (?:tien|phi)', 'bao nhiu', '(?<!(?:kha|rat|qua|that|cung) )nhieu tien(?= (?:khong|ko|k|kg|hong|a|vay|ha|chua|the|nhi|lam khong)|$)', 'thu tien', 'lay tien', 'mat phi', 'ton phi', '(?:\\d+|mot) (?:ban|trang|to|lan|bo) (?:thi )?(?:bao nhieu|het|mat)', 'bao nhieu (?:\\d+|mot|moi) (?:ban|trang|to|lan|bo)',
    'cost', 'costs', 'fee', 'fees', 'how much', 'price',
  ),
};

/**
 * Asking how to file a complaint, not filing one: "thủ tục khiếu nại lần đầu như thế nào", "mẫu đơn
 * tố cáo", "khiếu nại … thì làm thủ tục gì" (the catalog has complaint procedures).
 */
export const COMPLAINT_PROCEDURE_ASKED = phrase(
  'thu tuc (?:giai quyet )?(?:khieu nai|to cao|kien nghi)', 'mau don (?:khieu nai|to cao|kien nghi)', '(?:khieu nai|to cao)(?: \\S+){0,16} (?:lam|la|theo) thu tuc (?:gi|nao|the nao)',
  '(?:khieu nai|to cao) lan (?:dau|hai|2)', 'trinh tu (?:khieu nai|to cao)', '(?:lam the nao|lam sao|cach nao|bang cach nao|the nao) (?:de )?(?:khieu nai|to cao)', '(?:khieu nai|to cao|kien nghi)(?: \\S+){0,16} (?:theo )?(?:trinh tu|quy trinh|thu tuc|cac buoc) (?:nao|gi|ra sao|the nao|nhu the nao)',
  // The paperwork of one asked about: "làm đơn khiếu nại cái quyết định đó thì gửi ai, trong thời hạn bao lâu".
  '(?:lam|viet|gui|nop) don (?:khieu nai|to cao)(?: \\S+){0,12} (?:gui ai|gui (?:o )?dau|nop (?:o )?dau|nop cho ai|o dau|thoi han|han chot|bao lau|mau (?:nao|the nao)|can (?:gi|nhung gi)|giay to gi)',
  '(?:khieu nai|to cao)(?: \\S+){0,12} (?:trong )?thoi han (?:bao lau|la bao lau|may ngay)', '(?:khieu nai|to cao)(?: \\S+){1,12} thi (?:gui|nop) (?:o )?(?:dau|cho ai)', 'thoi han (?:khieu nai|to cao)',
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

/**
 * Meeting the chairman, on the days of citizen reception ("lịch tiếp dân của chủ tịch xã", "tôi muốn gặp trực tiếp
 * trình bày"), is that procedure (2.001909), not a chat with staff: anywhere in the message (understand.ts).
 */
const RECEPTION = ['lich tiep (?:cong )?dan', 'ngay tiep (?:cong )?dan', 'chu tich'];
export const CITIZEN_RECEPTION = phrase(...RECEPTION);

/**
 * Said with the cue, words that make it something else: a number called or a page written to in vain
 * ("gọi đường dây nóng của xã mà không ai bắt máy") is a complaint, not a request for a person.
 */
export const CUE_DENIED: Partial<Record<CueIntent, RegExp>> = {
  // "mong xã đứng ra cho hai bên ngồi lại": what is hoped for is mediation, a procedure, not a complaint
  feedback: MEDIATION_ASKED,
  human: phrase(
    ...RECEPTION,
    '(?:khong|ko|chua|chang|cha|hong) (?:co )?ai (?:\\S+ )?(?:nghe|bat|tra loi|rep|phan hoi|goi lai|nhac may|bat may|nghe may)', '(?:khong|ko|chang|hong) (?:co )?ai (?:truc|ngoi|lam viec)',
    'goi (?:\\S+ ){0,6}(?:\\d+|may|nhieu|ca chuc|muoi) (?:lan|cuoc)', '(?:khong|ko|chua|hong) (?:lien lac|goi|lien he) (?:duoc|dc)', CALLED_IN_VAIN, 'nobody (?:answers|answered|picks up)',
  ),
};

/** Is the intent's cue said, in the words as rewritten or as typed, and not only by a word that folds like it? */
export function cueSaid(intent: CueIntent, p: CueText): boolean {
  if (!saidIn(CUES[intent], p)) return false;
  if (CUE_DENIED[intent]?.test(p.key)) return false;
  const alike = FOLDS_LIKE_CUE[intent];
  return !alike || !alike.other.test(p.normalized) || alike.cue.test(p.normalized);
}

/** Is this intent's own cue said (an intent that has one: not procedure, referral or unknown)? */
export function intentCueSaid(intent: string, p: CueText): boolean {
  return Object.hasOwn(CUES, intent) && cueSaid(intent as CueIntent, p);
}

/** What a benefit pays ("được bao nhiêu tiền", "được hỗ trợ bao nhiêu", "lãnh mấy trăm"), not what a procedure costs. */
export const BENEFIT_AMOUNT = phrase('(?:duoc|lanh|linh|nhan|huong) (?:duoc )?(?:(?:ho tro|tro cap|boi thuong|den bu|chi tra) )?(?:bao nhieu|bn|may tram|may trieu)(?: tien)?(?: (?:mot|1|moi) thang)?');

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
