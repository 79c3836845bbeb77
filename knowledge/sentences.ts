// "The ask, not the story": a long message is split into sentences, and the sentences that ask
// something (a question word, a request, "?") are told apart from the background story, so a
// procedure only named in the story ("chưa đăng ký kết hôn nên…") cannot outweigh what is asked.

/** Sentence ends: . ! ? ; … and new lines (not the dots inside numbers, codes or "v.v."; "năm 2015. Giờ" ends one). */
const SENTENCE_END = /(?<=[!?;…\n]|(?<!\d)\.(?!\d)|\d\.(?=\s))\s*/u;
/** A sentence shorter than this (in words) is joined to the next: "Dạ." "Em chào ad." */
const MIN_SENTENCE_WORDS = 3;

/** Clauses: commas and "còn"/"mà" starting a new thought split a sentence too (a story's clauses). */
const CLAUSE_END = /\s*,\s*/;

export function splitSentences(text: string): string[] {
  const raw = text.split(SENTENCE_END).flatMap((s) => s.split(CLAUSE_END)).map((s) => s.trim()).filter(Boolean);
  const out: string[] = [];
  let carry = '';
  for (const s of raw) {
    const joined = carry ? `${carry} ${s}` : s;
    if (joined.split(/\s+/).length < MIN_SENTENCE_WORDS) carry = joined;
    else {
      out.push(joined);
      carry = '';
    }
  }
  if (carry) {
    if (out.length) out[out.length - 1] = `${out[out.length - 1]} ${carry}`;
    else out.push(carry);
  }
  return out;
}

/**
 * Question words, requests and question endings, on the folded words after synonyms (Vietnamese
 * with or without marks, regional forms rewritten by data/synonyms and data/situations): words
 * that ask wherever they stand in a sentence.
 */
const ASK = new RegExp(
  '(?:^| )(?<!tro )(?:' +
    [
      'gi', 'bao nhieu', 'bao lau', 'may ngay', 'may buoi', 'may gio', 'ntn', 'the nao', 'nhu nao', 'lam sao', 'ra sao', 'the sao', 'sao vay',
      'duoc khong', 'dc khong', 'dc ko', 'duoc ko', 'duoc k', 'dc k', 'co duoc', 'phai khong', 'phai ko', 'co phai', 'hay khong', 'hay ko', 'hay chua',
      'khong hay', 'ko hay', 'chua hay', 'cho hoi', 'xin hoi', 'hoi ve', 'hoi thu', 'hoi chut', 'hoi ad', 'muon hoi', 'em hoi', 'e hoi', 'toi hoi', 'tui hoi', 'minh hoi', 'huong dan', 'chi giup', 'chi dum', 'chi gium', 'chi voi',
      'giup', 'gium', 'dum', 'nho xa', 'khong biet', 'ko biet', 'k biet', 'chua biet', 'how', 'what', 'where', 'when', 'which', 'can i', 'please', 'could',
    ].join('|') +
    ')(?= |$)',
);

/**
 * Words that ask only when their marks say so (folded, "đâu" is "đầu" of "lần đầu", "chi" is "chị",
 * "mô" is "mồ"): checked on the sentence as typed when it has marks, on the folded words (ambiguity
 * accepted) when it has none. "hỏi" alone tells as often as it asks ("mỗi lần hỏi thì bảo…"):
 * only "cho hỏi", "em hỏi"… ask (above).
 */
const ASK_MARKED = /(?:^|[^\p{L}])(?:đâu|nào|ai|sao|xin|muốn|cần|răng|mô|rứa|nhen|nghen|hen)(?=[^\p{L}]|$)/u;
const ASK_UNMARKED = new RegExp('(?:^| )(?:dau|nao|ai|sao|xin|muon|can(?! bo| cuoc)|rang|mo|rua|nhen|nghen)(?= |$)');
/**
 * "chi" typed without its mark is Central "gì" only where "gì" stands: at the end of a clause, before an
 * ending particle ("chi rứa", "chi ạ", "chi không"), or after a verb or a noun it asks about ("làm chi", "giấy tờ chi"); elsewhere it is
 * "chỉ" (only: "chi co 1 con", "chỉ nhận sáng thứ hai") or "chị". On the folded words.
 */
const CHI_ASKS = /(?:^| )(?:(?:lam|mam|de|can|mua|noi|hoi|di|ve|an|xin|la|vi|tai|rang|cai|viec|thu tuc|giay to|loai) chi|chi(?= (?:rua|vay|he|ha|hi|ri|a|ah|ak|ad|nha|nhe|nhi|nua|mo|khong|ko|k|o|eng|hen|ne|the|day)(?: |$)|$))(?= |$)/;
const CHI_ASKS_MARKED =
  /(?:^|[^\p{L}])(?:(?:làm|mần|để|cần|mua|nói|hỏi|đi|về|ăn|xin|là|vì|tại|răng|cái|việc|thủ tục|giấy tờ|loại) chi|chi(?= (?:rứa|vậy|hè|hả|hỉ|ri|ạ|nha|nhé|nhỉ|nữa|mô|không|ko|k|o|eng|hen|nè|thế|đây)(?:[^\p{L}]|$)|[^\p{L}]*$))(?=[^\p{L}]|$)/u;
/**
 * Not asking: "bản sao", "sao y"; "xin" of a job ("xin đi làm", "xin việc") or of an application
 * ("đơn xin trợ giúp pháp lý", "nộp hồ sơ xin trợ cấp" told as filed); "không (còn) ai", "không
 * được đồng nào", "chưa có tờ giấy nào", "không thấy cán bộ nào xuống" (nobody, none at all: a negation, then
 * having, seeing or getting, then "nào"; "không biết … nào" asks, above); "ai/nào/gì/đâu cũng" (every); "ai mà
 * biết", "ai ngờ" (nobody could know: rhetorical); "mấy" is left out: "mấy anh
 * em", "mấy năm nay" tell, not ask; "lần nào lên … cũng …" (every time) and "không thấy (người) đâu" (nowhere
 * to be seen) tell, unless they end as a question (checked before); so do a wish denied ("không muốn kiện tụng",
 * "tôi không muốn giữ cái sai đó"), "không đi đâu được" (cannot go anywhere) and, typed without marks, "đầu"
 * and "đậu" that fold like "đâu" ("từ đầu năm", "lần đầu", "đậu đại học").
 */
const NOT_ASK_MARKED = /(?:bản|bổn) sao|(?<!\p{L})nào(?=(?: \p{L}+){0,5} cũng(?:[^\p{L}]|$))|(?<=(?:không|chẳng|chả|ko|k|chưa) thấy(?: (?!ở )\p{L}+){0,2} )đâu|sao y|sao lục|xin (?:đi làm|việc|nghỉ|phép|lỗi)|(?:đơn|giấy|nộp hồ sơ) xin|(?:không|chẳng|chả|ko|chưa|hổng) (?:(?:còn|có|thấy|gặp) )?(?:ai|(?:\p{L}+ ){1,2}nào|(?:\p{L}+ ){1,3}(?:với|cho|cùng|của) ai)|(?:không|chẳng|chả|ko|chưa|hổng)(?: (?:hề|từng|còn))? (?:có|thấy|được|nhận) (?:\p{L}+ ){1,3}nào|(?:ai|nào|gì|đâu) cũng|ai (?:mà biết|mà ngờ|ngờ|dè|có dè)(?!\p{L})|(?:không|chẳng|chả|ko|chưa|hổng)(?: (?:hề|còn))? muốn|(?:không|chẳng|chả|ko|chưa|hổng) (?:\p{L}+ )?(?:đi|ra|về|tới|đến|lên|xuống) đâu (?:được|nổi)/gu;
const NOT_ASK_UNMARKED = /ban sao|(?<= )nao(?=(?: [a-z0-9]+){0,5} cung(?: |$))|^nao(?=(?: [a-z0-9]+){0,5} cung(?: |$))|(?<=(?:khong|chang|cha|ko|k|chua) thay(?: (?!o )[a-z]+){0,2} )dau(?= |$)|sao y|\d+ sao|sao (?:ruong|dat|vuon)|tro giup|xin (?:di lam|viec)|(?:don|giay|nop ho so) xin|(?:khong|chang|cha|ko|chua|hong) (?:(?:con|co|thay|gap) )?(?:ai|(?:[a-z]+ ){1,2}nao|(?:[a-z]+ ){1,3}(?:voi|cho|cung|cua) ai)|(?:khong|chang|cha|ko|chua|hong)(?: (?:he|tung|con))? (?:co|thay|duoc|nhan) (?:[a-z]+ ){1,3}nao|(?:ai|nao|gi|dau) cung|ai (?:ma biet|ma ngo|ngo|de|co de)(?= |$)|(?:khong|chang|cha|ko|chua|hong)(?: (?:he|con))? muon(?= |$)|(?:khong|chang|cha|ko|chua|hong) (?:[a-z]+ )?(?:di|ra|ve|toi|den|len|xuong) dau (?:duoc|noi)(?= |$)|(?<=^| )dau (?:nam|thang|tuan|tien)(?= |$)|(?<=^| )(?:lan|ban) dau(?= |$)|(?<=^| )(?:thi )?dau (?:dai hoc|cao dang|tot nghiep|vao)(?= |$)/g;
/**
 * "không ai nói gì", "chẳng ai hỏi gì", "làm gì cũng", "chưa từng có lương hưu hay trợ cấp gì", "không còn gì
 * phải kiện", "chưa vợ con gì": nobody, nothing, anything; told, not asked ("không có tiền thì làm gì", "còn gì
 * nữa không" still ask)
 * (folded words after synonyms, taken out before the question words are looked for).
 */
const NOBODY_NOTHING =
  /(?:^| )(?:(?:khong|chang|cha|ko|chua|hong) ai(?: [a-z]+){1,2} gi|gi cung|(?:khong|chang|cha|ko|chua|hong)(?: tung| he)? co(?: (?!(?:lam|thi|phai|can|nen)(?: |$))[a-z0-9]+){1,5} gi|(?:khong|chang|cha|ko|hong) con gi(?! (?:nua|khong|ko|k|chua|a|vay|ha)(?: |$))|(?:khong|chang|cha|ko|chua|hong) (?:co )?(?:vo|chong)(?: (?:con|vo|chong))? gi)(?= |$)/g;

/** Particles that end a question ("… không ạ", "… chưa vậy", "… hả anh"), then courtesies. */
const ENDS_ASKING = new RegExp(
  '(?:^| )(?:khong|ko|k|kg|hong|hok|hem|chua|ha|ho|hen|he|nhi|nhe|hong ta|khong ta|chua ta)' +
    '(?: (?:a|ah|ak|ad|vay|day|nhi|nhe|nha|ha|chi|anh|em|ban|ad oi|chi oi|anh oi|oi|ta|the|hi|ho|he|hen|nghen|nhen|rua|rang|ne|vay a|a ad|a chi|a anh))*$',
);

/**
 * What was heard ("nghe nói nhà nước có trợ giúp pháp lý miễn phí", "thấy bảo phải xin giấy ở
 * chỗ bạn gái trước", "có người nói hộ nghèo được giúp miễn phí"), told on the folded words: background, unless it ends as a question.
 */
const HEARSAY = /^(?:(?:em|e|toi|tui|minh|ma|con|va|thi|co|cung|chau|tao|moi)\s+)*(?:nghe (?:noi|bao|don|ke|nguoi ta (?:noi|bao))|thay (?:bao|noi|nguoi ta (?:noi|bao))|nguoi ta (?:noi|bao)|co nguoi (?:noi|bao)|hang xom (?:noi|bao))(?= |$)/;

/** Does the sentence tell what was heard ("nghe nói có trợ giúp pháp lý miễn phí")? */
export function isHearsay(foldedKey: string): boolean {
  return HEARSAY.test(foldedKey);
}

/**
 * A question someone else asked, reported ("trường hỏi sao không có tên bố", "người ta hỏi em lấy tư
 * cách gì ký"): what follows the reporting verb is theirs, told; only the words before it may ask.
 */
const REPORTED = /(?:^| )(?:nguoi ta|truong|co giao|thay giao|can bo|ben do|ben kia|ngan hang|cong an|ho|ong ay|ba ay|anh ay|chi ay)(?: (?:lai|co|cu|cung|moi))? hoi(?= |$)/;
const REPORTED_MARKED = /(?:^|[^\p{L}])(?:người ta|trường|cô giáo|thầy giáo|cán bộ|bên đó|bên kia|ngân hàng|công an|họ|ông ấy|bà ấy|anh ấy|chị ấy)(?: (?:lại|có|cứ|cũng|mới))? hỏi(?=[^\p{L}]|$)/u;

export function isAsk(sentence: string, foldedKey: string): boolean {
  if (/[?？]/.test(sentence)) return true;
  const reported = REPORTED.exec(foldedKey);
  if (reported) {
    foldedKey = foldedKey.slice(0, reported.index);
    const typed = sentence.normalize('NFC').toLowerCase();
    const at = /[^ -~]/.test(typed) ? REPORTED_MARKED.exec(typed)?.index : REPORTED.exec(typed)?.index;
    sentence = at === undefined ? foldedKey : typed.slice(0, at);
  }
  if (ENDS_ASKING.test(foldedKey)) return true;
  if (HEARSAY.test(foldedKey)) return false;
  if (ASK.test(foldedKey.replace(NOBODY_NOTHING, ' '))) return true;
  const typed = sentence.normalize('NFC').toLowerCase();
  const marked = /[^ -~]/.test(typed);
  if (marked ? ASK_MARKED.test(typed.replace(NOT_ASK_MARKED, ' ')) : ASK_UNMARKED.test(foldedKey.replace(NOT_ASK_UNMARKED, ' '))) return true;
  return marked ? CHI_ASKS_MARKED.test(typed) : CHI_ASKS.test(foldedKey);
}

/**
 * A choice among private sellers or providers by price or quality ("ngân hàng nào lãi thấp", "đội
 * thợ nào uy tín", "trường mầm non tư nào … rẻ mà tốt", "ở đâu rẻ"), or a recommendation asked for
 * ("giới thiệu giúp", not a "giấy giới thiệu"): nobody's administrative matter. On the folded words
 * after synonyms.
 */
const PRIVATE_CHOICE = new RegExp(
  // "rẻ", not "con rể", "cấy rẽ"; "tốt", not "tốt nghiệp".
  '(?:^| )(?:nao|dau|ai)(?: [a-z0-9]+){0,6} (?:uy tin|(?<!(?:con|em|chang|anh|chu|cay|nguoi|lam|di|re) )re|tot(?! nghiep)|chat luong|lai thap|lai suat thap|ngon|dep nhat)(?= |$)' +
    '|(?:^| )(?<!giay )gioi thieu (?:giup|gium|dum|voi|cho (?:em|minh|toi|tui|chau))(?= |$)',
);
/**
 * Advice on a private decision ("theo mọi người tôi có nên ly hôn không", "nên mua hay không"):
 * checked on the sentence as typed when it has marks ("có nên", not "có nền"), on the folded words
 * when it has none.
 */
const ADVICE_MARKED = /(?:^|[^\p{L}])(?:có nên|nên hay không|nên không|theo mọi người|mọi người cho (?:ý kiến|lời khuyên)|xin lời khuyên|cho (?:em|tôi|mình) lời khuyên)(?=[^\p{L}]|$)/u;
const ADVICE_UNMARKED = /(?:^| )(?:co nen|nen hay khong|nen khong|theo moi nguoi|moi nguoi cho (?:y kien|loi khuyen)|xin loi khuyen|cho (?:em|toi|minh) loi khuyen)(?= |$)/;
/**
 * Words that ask about a procedure (where, how, which papers, how much, how long): a question with one
 * of them is no private advice ("có nên khởi kiện không, nộp đơn ở đâu").
 */
const PROCEDURAL_ASK = /(?:^| )(?:o dau|noi nao|cho nao|the nao|lam sao|ra sao|nhu nao|ntn|thu tuc|ho so|giay to|giay gi|bao nhieu|bao lau|can gi|lam gi|nop don|le phi)(?= |$)/;

/**
 * Does the sentence ask for a private choice or advice (a seller, a provider, whether one should),
 * not how to do an administrative thing? `foldedKey`: folded words after synonyms.
 */
export function isPrivateAsk(sentence: string, foldedKey: string): boolean {
  if (PRIVATE_CHOICE.test(foldedKey)) return true;
  if (PROCEDURAL_ASK.test(foldedKey)) return false;
  const typed = sentence.normalize('NFC').toLowerCase();
  return /[^ -~]/.test(typed) ? ADVICE_MARKED.test(typed) : ADVICE_UNMARKED.test(foldedKey);
}
