// "The ask, not the story": a long message is split into sentences, and the sentences that ask
// something (a question word, a request, "?") are told apart from the background story, so a
// procedure only named in the story ("chưa đăng ký kết hôn nên…") cannot outweigh what is asked.

/** Sentence ends: . ! ? ; … and new lines (not the dots inside numbers, codes or "v.v."). */
const SENTENCE_END = /(?<=[!?;…\n]|(?<!\d)\.(?!\d))\s*/u;
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
 * with or without marks, regional forms rewritten by data/synonyms and data/situations).
 */
const ASK = new RegExp(
  '(?:^| )(?:' +
    [
      'gi', 'sao', 'nao', 'dau', 'ai', 'bao nhieu', 'bao lau', 'may ngay', 'may', 'khong', 'ko', 'k', 'hong', 'hok', 'hem', 'chua', 'ha', 'hà',
      'ntn', 'the nao', 'nhu nao', 'lam sao', 'duoc khong', 'dc khong', 'dc ko', 'duoc ko', 'co duoc', 'phai khong',
      'cho hoi', 'hoi', 'xin', 'muon', 'can(?! bo)', 'giup', 'gium', 'huong dan', 'rang', 'mo', 'chi', 'rua', 'nhen', 'khong a', 'ko a',
      'how', 'what', 'where', 'when', 'can i', 'please', 'could',
    ].join('|') +
    ')(?= |$)',
);

export function isAsk(sentence: string, foldedKey: string): boolean {
  return /[?？]/.test(sentence) || ASK.test(foldedKey);
}
