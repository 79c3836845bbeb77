import { describe, expect, it } from 'vitest';
import { canonicalTones, fold, isContentless, normalizeText, repairWord, wordsOf } from '../../knowledge/normalize';
import { decodeKeystrokes, decodeMessage } from '../../knowledge/telex';
import { TextPipeline } from '../../knowledge/text';

const pipeline = TextPipeline.fromFiles();
pipeline.addVocabulary(['khai', 'sinh', 'ky', 'dang', 'ket', 'hon', 'giay', 'tam', 'tru', 'thuong', 'cap', 'tro']);

describe('normalize', () => {
  it('keeps the existing exports working', () => {
    expect(fold('Đăng ký Khai Sinh')).toBe('dang ky khai sinh');
    expect(normalizeText('  Đăng   KÝ ')).toBe('đăng ký');
    expect(isContentless('😀🙏 ...')).toBe(true);
    expect(isContentless('a')).toBe(false);
  });

  it('NFC: decomposed input gives the same key as composed input', () => {
    const decomposed = 'Đăng ký khai sinh'.normalize('NFD');
    expect(pipeline.process(decomposed).normalized).toBe('đăng ký khai sinh');
    expect(pipeline.process(decomposed).key).toBe(pipeline.process('Đăng ký khai sinh').key);
  });

  it('puts tone marks of open oa/oe/uy syllables in one place (hoà = hòa, thuỷ = thủy), not after q or before a final', () => {
    expect(canonicalTones('hoà giải')).toBe('hòa giải');
    expect(canonicalTones('hòa giải')).toBe('hòa giải');
    expect(canonicalTones('thuỷ')).toBe('thủy');
    expect(canonicalTones('khoẻ')).toBe('khỏe');
    expect(canonicalTones('quý')).toBe('quý');
    expect(canonicalTones('hoàn')).toBe('hoàn');
  });

  it('keeps national and dossier codes and numbers intact', () => {
    expect(wordsOf(fold('mã 000.00.06.H56-240612-0015 thủ tục 1.001193, 7 trang'))).toEqual([
      'ma', '000.00.06.h56-240612-0015', 'thu', 'tuc', '1.001193', '7', 'trang',
    ]);
  });

  it('repairs Telex/VNI residue only towards known words', () => {
    const known = (w: string) => ['ky', 'sinh', 'hon', 'giay', 'cap', 'chung', 'duoc'].includes(w);
    expect(repairWord('kys', known)).toBe('ky');
    expect(repairWord('sinhf', known)).toBe('sinh');
    expect(repairWord('hoonn', known)).toBe('hon');
    expect(repairWord('giaasy', known)).toBe('giay');
    expect(repairWord('caaps', known)).toBe('cap');
    expect(repairWord('chu1ng', known)).toBe('chung');
    expect(repairWord('duocc', known)).toBe('duoc');
    expect(repairWord('zalo', known)).toBe('zalo');
  });

  it('keeps a syllable whose onset is "tr": the "r" of "trao" is no tone key ("tao" is another word)', () => {
    const known = (w: string) => ['tao', 'ky'].includes(w);
    expect(repairWord('trao', known)).toBe('trao');
    expect(repairWord('tkrys', known)).toBe('tkrys');
    expect(pipeline.process('tôi muốn trao đổi với cán bộ').words).toContain('trao');
  });

  it('keeps common English words in an English message or one typed with marks, still decodes Telex "been" alone', () => {
    expect(pipeline.process('there has been a problem').words).toEqual(['there', 'has', 'been', 'a', 'problem']);
    expect(pipeline.process('tôi đọc được there been').words.slice(-2)).toEqual(['there', 'been']);
    // "been" is Telex for "bên" when nothing else in the message is English.
    expect(pipeline.process('nha been noi').words).toContain('ben');
  });

  it('words rewritten by a synonym keep the marks of the other words ("sanh ở nhà bà mụ" is no "mù")', () => {
    const p = TextPipeline.fromFiles();
    const story = p.process('nhỏ con tui sanh ở nhà bà mụ');
    // "sanh" is rewritten ("sinh"), and "mụ" still is no "mù" of the disability situations.
    expect(story.concepts).toContain('@sinh_con');
    expect(story.concepts).not.toContain('@khuyet_tat');
    expect(p.process('con tui bị mù từ nhỏ').concepts).toContain('@khuyet_tat');
  });

  it('a word typed with its marks is repaired only of a doubled or trailing key ("trạm" is no "tạm")', () => {
    const known = (w: string) => ['tam', 'tu', 'huy'].includes(w);
    expect(repairWord('tram', known, true)).toBe('tram');
    // Without marks too: the "r" of the onset comes before the vowel, where no tone key is typed.
    expect(repairWord('tram', known)).toBe('tram');
    expect(repairWord('tur', known, true)).toBe('tu');
    expect(repairWord('huyy', known, true)).toBe('huy');
    const p = TextPipeline.fromFiles();
    p.addVocabulary(['tam', 'tru', 'khai', 'sinh']);
    const story = p.process('em sinh bé ở trạm y tế xã');
    expect(story.words).toContain('tram');
    expect(story.concepts).not.toContain('@o_tam');
    // Typed without marks, a Telex slip inside a word is still repaired.
    expect(p.process('dang ky taamj tru').words).toContain('tam');
  });

  it('names and words typed as they are meant are not repaired into catalog words ("Lee hỏi" is no "lễ hội")', () => {
    const p = TextPipeline.fromFiles();
    p.addVocabulary(['le', 'hoi', 'be', 'ma', 'bo', 'ky', 'ket', 'hon', 'huy', 'nhan']);
    // The keystroke decoder keeps these as typed (knowledge/telex.ts); the repair agrees.
    expect(p.process('Lee hỏi về lễ hội').words.slice(0, 2)).toEqual(['lee', 'hoi']);
    expect(p.process('Chị Lee hỏi cần giấy gì').concepts).not.toContain('@le_hoi');
    expect(p.process('Mình tên Bee, hỏi đăng ký tạm trú').words).toContain('bee');
    expect(p.process('lee hoi lam khai sinh').words[0]).toBe('lee');
    expect(p.process('max boss').words).toEqual(['max', 'boss']);
    // Real slips are still repaired, with marks or without.
    expect(p.process('Chị Hoa hỏi đăng kys kết hôn').words).toContain('ky');
    expect(p.process('cho em hủyy nhận tin').words).toContain('huy');
    expect(p.process('dang ky keet hoonn').words.slice(2)).toEqual(['ket', 'hon']);
  });

  it('drops openers and politeness words, keeps the content', () => {
    expect(pipeline.process('Ad ơi cho em hỏi đăng kys khai sinhf với ạ').terms).toEqual(['dang', 'ky', 'khai', 'sinh']);
    expect(pipeline.process('dạ em chào anh chị, cho em hỏi tạm trú ạ').terms).toEqual(['tam', 'tru']);
  });

  it('rewrites abbreviations and everyday synonyms from data/synonyms', () => {
    expect(pipeline.process('gks').key).toBe('giay khai sinh');
    expect(pipeline.process('xntthn').key).toBe('xac nhan tinh trang hon nhan');
    expect(pipeline.process('giấy độc thân').key).toBe('xac nhan tinh trang hon nhan');
    expect(pipeline.process('công chứng hợp đồng').key).toBe('chung thuc hop dong');
    expect(pipeline.process('sổ hồng').key).toBe('giay chung nhan dat');
    // A second pass completes a longer variant: "nhập hk" → "nhập hộ khẩu" → thường trú.
    expect(pipeline.process('nhập hk').key).toBe('dang ky thuong tru');
  });

  it('a regional word typed with marks is rewritten only when it is that word ("hẹn" is no "hen", "hỏng" no "hổng")', () => {
    expect(pipeline.process('hẹn tuần sau lên lấy').key).toContain('hen');
    expect(pipeline.process('sổ bị hỏng hết').key).not.toContain('khong');
    expect(pipeline.process('được hông hén').key).toBe('duoc khong nhe');
    // Typed without marks, the variant still reads either way (ambiguity accepted).
    expect(pipeline.process('duoc hong hen').key).toBe('duoc khong nhe');
    // Marks guessed by the Telex decoder ("ddocj" → "đọc") are no marks typed: the variant still reads.
    expect(pipeline.process('giaasy ddocj thaan').key).toBe('xac nhan tinh trang hon nhan');
  });

  it('phone shorthand reads as the words it stands for ("vk ck", "bme", "giấy j")', () => {
    expect(pipeline.process('vk ck em cưới rồi').key).toContain('vo chong');
    expect(pipeline.process('bme em cho em miếng đất').concepts).toContain('@cho_con_dat');
    expect(pipeline.process('cần giấy j').key).toBe(pipeline.process('cần giấy gì').key);
  });

  it('"chủ tịch" survives as one word, typed with marks or without ("chu" alone is a dropped "chú")', () => {
    expect(pipeline.process('chu tich xa ky giay').terms).toContain('chutich');
    expect(pipeline.process('chủ tịch xã ký giấy').terms).toContain('chutich');
    expect(pipeline.process('chú tôi tịch thu').terms).not.toContain('chutich');
  });

  it('"để lại", "còn lại" are no "lại" of a procedure done again ("đăng ký lại", "cấp lại")', () => {
    expect(pipeline.process('mảnh đất ông bà để lại').terms).not.toContain('lai');
    expect(pipeline.process('phần còn lại là đất vườn').terms).not.toContain('lai');
    expect(pipeline.process('xin cấp lại giấy').terms).toContain('lai');
  });

  it('same key with and without diacritics', () => {
    expect(pipeline.process('đăng ký tạm trú').terms).toEqual(pipeline.process('dang ky tam tru').terms);
  });

  it('flags subjects the commune does not handle', () => {
    expect(pipeline.process('Mai có mưa không ad').offTopic).toBe(true);
    expect(pipeline.process('cho vay tien nong').offTopic).toBe(true);
    expect(pipeline.process('đăng ký tạm trú').offTopic).toBe(false);
  });
});

describe('Telex and VNI typed without an input method', () => {
  it('decodes Telex and VNI words into Vietnamese syllables', () => {
    expect(decodeKeystrokes('cair chinhs teen trong giaays khai sinh')).toBe('cải chính tên trong giấy khai sinh');
    expect(decodeKeystrokes('d9a8ng ky1 ke6t1 ho6n')).toBe('đăng ký kết hôn');
    expect(decodeKeystrokes('dduwowcj nguowif muwa khoong')).toBe('được người mưa không');
    // "cos" is Telex "có" far more often than English "cos" in a Vietnamese message.
    expect(decodeKeystrokes('nhaf tooi cos hai ddwasa con')).toContain('có');
  });

  it('decodes a keystroke message whose words left plain look English ("can" cần, "to" tờ), "coong" and "ddc"', () => {
    expect(decodeKeystrokes('Cho hoir ddawng kys keets hoon can nhung giaays to gif')).toBe('Cho hỏi đăng ký kết hôn can nhung giấy to gì');
    expect(decodeKeystrokes('bo61 to6i la2m co6ng nha6n, can la2m gi2 a')).toBe('bố tôi làm công nhân, can làm gì a');
    expect(decodeKeystrokes('coong an xax')).toBe('công an xã');
    expect(decodeKeystrokes('nop online ddc ko, sddt d9c khong')).toBe('nop online đc ko, sđt đc khong');
    expect(decodeKeystrokes('noi nau gas, xoong, boong')).toBe('noi nau gas, xoong, boong');
  });

  it('leaves ordinary words, codes, numbers and English alone', () => {
    for (const text of [
      'cho em hoi lam giay khai sinh xoong sao xa the',
      'ma ho so 000.00.06.H56-240612-0015 h56 t7 lop10 cccd bhyt ubnd ok',
      'How much is the fee for a certified copy, thanks',
      'Can I talk to a real staff member please?',
      'hoa xa tour down file visa taxi test',
      'Lee hỏi về tour, file visa gửi xa',
      'Anh Lee Văn Tour muốn download file',
    ]) {
      expect(decodeKeystrokes(text)).toBe(text);
    }
  });

  it('real words that look like Telex stay as they are, and so does a message typed with marks', () => {
    for (const w of ['hoa', 'Lee', 'xa', 'tour', 'down', 'file', 'visa', 'taxi', 'Mary', 'room', 'soon']) expect(decodeKeystrokes(w)).toBe(w);
    expect(decodeKeystrokes('Chị Hoa hỏi đăng kys kết hôn')).toBe('Chị Hoa hỏi đăng kys kết hôn');
    expect(decodeKeystrokes('hoa hoir ddawng kys keets hoon')).toBe('hoa hỏi đăng ký kết hôn');
  });

  it('"too", "bee", "Lee" are "tô", "bê", "lê" in a message typed in Telex; "dz" is an onset ("dzậy")', () => {
    expect(decodeKeystrokes('mua cais too ddepj')).toBe('mua cái tô đẹp');
    expect(decodeKeystrokes('con bee nhaf tooi bij lacj')).toBe('con bê nhà tôi bị lạc');
    expect(decodeKeystrokes('oong Lee Vawn Nam maast')).toBe('ông Lê Văn Nam mất');
    expect(decodeKeystrokes('lamf giaasy towf gif dzaajy')).toBe('làm giấy tờ gì dzậy');
    expect(decodeKeystrokes('nhaajp khaaur dzoo ddaay')).toBe('nhập khẩu dzô đây');
    for (const text of ['this is too expensive', 'Lee', 'a bee sting', 'Anh Lee hỏi visa', 'dzay']) expect(decodeKeystrokes(text)).toBe(text);
  });

  it('a message is decoded once, and says whether its marks were guessed', () => {
    expect(decodeMessage('xin giaasy xacs nhaanj')).toEqual({ text: 'xin giấy xác nhận', typed: 'xin giaasy xacs nhaanj', guessed: true });
    expect(decodeMessage('xin giấy xác nhận').guessed).toBe(false);
    // A sentence of a decoded message reads its guessed marks as guessed, as the message read whole
    // does: "ddocj thaan" decoded as "đọc thân" is still "độc thân" (the synonym of a single status).
    const message = decodeMessage('xin giaasy xacs nhaanj ddocj thaan. can mang gif');
    const sentence = 'xin giấy xác nhận đọc thân';
    expect(message.text.startsWith(sentence)).toBe(true);
    expect(pipeline.process(sentence, { message }).key).toBe(pipeline.process('xin giaasy xacs nhaanj ddocj thaan').key);
    expect(pipeline.process(sentence, { message }).key).not.toBe(pipeline.process(sentence).key);
  });

  it('decoded marks are the keys typed: a word with keys left out is its variant, not one with keys added', () => {
    // "ddocj" (đọc) is "độc" with the circumflex key left out; "ddeer" (để) is no "đẻ" of "mới đẻ" (a birth).
    expect(pipeline.process('xin giaasy ddocj thaan').key).toBe(pipeline.process('xin giấy độc thân').key);
    expect(pipeline.process('nhaanj soor roofi mowsi ddeer ys teen sai').key).not.toContain('khai sinh');
  });

  it('words kept as English elsewhere are Telex in a message typed in Telex ("hồ sơ", "cơ quan", "liệt sĩ")', () => {
    expect(decodeKeystrokes('nooj hoof sow owr ddaau')).toBe('nộ hồ sơ ở đâu');
    expect(decodeKeystrokes('cow quan naof giair quyeets')).toBe('cơ quan nào giải quyết');
    expect(decodeKeystrokes('oong tooi laf lieetj six')).toBe('ông tôi là liệt sĩ');
    for (const text of ['sow', 'max 3 ban', 'the bus is late, how much tax', 'show me the box please']) expect(decodeKeystrokes(text)).toBe(text);
  });
});
