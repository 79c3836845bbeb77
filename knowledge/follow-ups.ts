// Follow-ups (issue 12): after a procedure was answered, is the new message about a part of that
// procedure (its papers, fee, time, place, who may file, online filing, result), or has it a subject
// of its own? A follow-up refers to the last procedure only when it names nothing else: "lệ phí bao
// nhiêu", "cần mang gì", "người nhà làm thay được không" are parts of it; "còn chứng thực chữ ký thì
// mấy ngày" is a new question about another procedure, even with a follow-up's words.
import { neededThing } from './intents';
import { isAsk } from './sentences';
import type { Candidate, ProcedureIndex } from './search';
import type { Processed } from './text';

/**
 * The parts every procedure has, as citizens name them (folded words after synonyms). Said after a
 * procedure, they ask that part of it, though some procedure's name says them too ("thời gian giải
 * quyết", "kết quả", "quyết định công nhận"). Sources: the fields of a catalog record
 * (knowledge/README.md: documents, fees, timeText, submitWhere, submitHow, onlineLevel) and the
 * result a procedure gives (a decision, a certificate handed back on the date of the appointment slip).
 */
export const PROCEDURE_PARTS: Record<'papers' | 'fee' | 'time' | 'place' | 'steps' | 'online' | 'result' | 'presence', string[]> = {
  papers: ['ho so', 'giay to', 'thanh phan', 'to khai'],
  fee: ['le phi'],
  time: ['thoi gian', 'thoi han', 'giai quyet', 'xu ly'],
  place: ['nop o', 'nop tai', 'lam o', 'lam tai', 'noi nop'],
  steps: ['thu tuc', 'trinh tu', 'nop don'],
  // Filed or handed back other than at the desk: online, or by post (public postal service, QĐ 45/2016/QĐ-TTg).
  online: ['truc tuyen', 'dich vu cong', 'buu dien', 'buu chinh'],
  result: ['ket qua', 'tra ket qua', 'quyet dinh', 'bien nhan', 'giay hen', 'phieu hen'],
  // Who must come, or whether the office comes to the home ("hai đứa phải cùng có mặt à", "hội đồng
  // có xuống nhà không"): asked after a procedure, how that one is done, not the mobile registrations.
  presence: ['co mat', 'truc tiep', 'xuong nha', 'den nha', 'toi nha', 'tan nha'],
};
const PART_PHRASES = new RegExp(`(?:^| )(?:${Object.values(PROCEDURE_PARTS).flat().join('|')})(?= |$)`, 'g');

/**
 * Someone else doing the last procedure, asked about (folded words after synonyms): "ủy quyền cho
 * người khác làm được không", "nhờ người nhà đi nộp thay", "người thân lấy giùm được không". Not a
 * paper of delegation to make ("làm giấy ủy quyền"): that is a procedure of its own.
 */
const PROXY = new RegExp(
  '(?<!(?:giay|hop dong|van ban|lam|chung thuc|xac nhan) )(?:(?:uy quyen|nho|de|cho)(?: cho)? )?' +
    '(?:nguoi khac|nguoi nha|nguoi than|ai khac|nguoi quen|ban be|anh em|con chau)(?: \\S+){0,2} ' +
    '(?:lam|nop|di|lay|nhan|ky|dang ky|len)(?: \\S+){0,2} (?:thay|giup|gium|dum|ho|duoc|dc)(?= |$)' +
    '|(?<!(?:giay|hop dong|van ban|lam|chung thuc|xac nhan) )uy quyen(?: cho (?:\\S+ ){0,2}(?:lam|nop|di|lay|nhan))? (?:duoc|dc) (?:khong|ko|k|hong|kg)(?= |$)',
);

/**
 * Two adjacent words, each used by at most this many procedures (or none) and foreign to the last
 * procedure, name a subject of their own ("khai thác cát"): the message is a new question.
 */
const SPECIFIC_MAX_PROCEDURES = 1;
/** Shorter words are particles and abbreviations ("đc", "ạ"), never a subject. */
const SPECIFIC_MIN_LENGTH = 3;
/**
 * Another procedure is named by a word pair foreign to the last one, or by this many foreign words
 * ("chủ tịch xã giải quyết" after "hòa giải"): a lone syllable is chance ("định" of "quyết định").
 */
const OTHER_MIN_WORDS = 2;
/** A folded term of the index (accented words are refinements, not subjects). */
const FOLDED_TERM = /^[ -~]+$/;

/** What a message says of the last procedure: which of its terms belong to that procedure. */
export interface AboutLast {
  /** The term (a word or a pair) names a part of the procedure: a paper asked for, who files… */
  part(t: string): boolean;
  /** The term is the last procedure's own, or a part of it. */
  ofLast(t: string): boolean;
  /** A part of the procedure is named ("nộp ở trường đi hay trường đến", "có cần hộ khẩu không"). */
  partSaid: boolean;
}

/**
 * The words of `key` (folded, after synonyms) that speak of the last procedure (`code`) rather than of
 * a subject: the procedure's own words, the parts every procedure has, the thing a question asks
 * whether it needs ("có cần hộ khẩu không": a paper of it, even when another procedure bears its name)
 * and someone else doing it ("nhờ người nhà nộp thay"; what a situation reads into the proxy's words,
 * "chứng thực" for "ủy quyền", is no subject either).
 */
export function aboutLast(index: ProcedureIndex, code: string, key: string): AboutLast {
  const own = index.termsOf.get(code);
  const proxy = PROXY.exec(key)?.[0];
  const parts = [...key.matchAll(PART_PHRASES)].map((m) => m[0].trim());
  const needed = neededThing(key);
  const partWords = new Set([...parts, needed ?? '', proxy ?? ''].flatMap((s) => s.split(' ')).filter(Boolean));
  const said = (w: string) => ` ${key} `.includes(` ${w} `);
  // What a situation reads into the words of a paper asked for or of a proxy ("bản gốc" read as a
  // certified copy, "ủy quyền" as a signature certified) is that part's meaning, no subject.
  const readIn = (t: string) => (needed !== null || proxy !== undefined) && !t.split('_').every(said);
  const part = (t: string) => t.split('_').every((w) => partWords.has(w)) || readIn(t);
  return { part, ofLast: (t) => !!own?.has(t) || part(t), partSaid: parts.length > 0 || needed !== null || proxy !== undefined };
}

/**
 * Does the message have a subject of its own, so that it is a new question and not a follow-up of
 * the last procedure? The subject is, in order: another procedure named by a word pair that neither
 * the last procedure nor a part of it says, or by two such words ("chứng thực chữ ký" after "khai
 * sinh"; not a concept alone: "mất tiền" is no death); a life situation told without a part of the
 * procedure asked ("hai đứa ở với nhau… hợp thức hóa"; beside a part asked about it is usually a
 * word's other sense, "có mất tiền không"); two adjacent words the catalog hardly knows and the last
 * procedure does not use ("nuôi chim yến"). `top` is the best candidate of the message, `strong`
 * whether it is accepted evidence, `partAsked` whether a follow-up cue asks a part (fee, time…).
 */
export function subjectOfItsOwn(
  index: ProcedureIndex,
  code: string,
  p: Processed,
  top: Candidate | undefined,
  strong: boolean,
  partAsked: boolean,
  about = aboutLast(index, code, p.key),
): 'procedure' | 'situation' | 'words' | null {
  const other = strong && top !== undefined && top.code !== code ? top : undefined;
  const foreign = (t: string) => !t.startsWith('@') && FOLDED_TERM.test(t) && !about.ofLast(t);
  // Beside a part asked, words the message says, not ones a situation reads in from the part's words
  // ("lưu động" for "xuống nhà").
  const said = (t: string) => ` ${p.key} `.includes(` ${t.replace(/_/g, ' ')} `);
  const foreignMatched = other?.matched.filter((t) => foreign(t) && (!about.partSaid || said(t))) ?? [];
  if (other?.pairMatch && (foreignMatched.some((t) => t.includes('_')) || foreignMatched.length >= OTHER_MIN_WORDS)) return 'procedure';
  const wordsOfLast = about.partSaid && other?.matched.filter((t) => !t.startsWith('@') && FOLDED_TERM.test(t)).every(about.ofLast);
  if (other?.conceptMatch && !partAsked && !wordsOfLast && other.matched.some((t) => t.startsWith('@') && !about.ofLast(t))) return 'situation';
  const rare = (t: string | undefined) =>
    t !== undefined && t.length >= SPECIFIC_MIN_LENGTH && !/\d/.test(t) && index.docFreq(t) <= SPECIFIC_MAX_PROCEDURES && foreign(t);
  if (p.terms.some((t, i) => rare(t) && rare(p.terms[i + 1]))) return 'words';
  return null;
}

/**
 * Is the message a follow-up of the last procedure (`code`): no subject of its own, and it asks
 * something (a part asked by a follow-up cue, `partAsked`; a question; or a part of the procedure named)?
 */
export function followsUp(index: ProcedureIndex, code: string, input: string, p: Processed, top: Candidate | undefined, strong: boolean, partAsked: boolean): boolean {
  const about = aboutLast(index, code, p.key);
  if (subjectOfItsOwn(index, code, p, top, strong, partAsked, about)) return false;
  return partAsked || isAsk(input, p.key) || about.partSaid;
}
