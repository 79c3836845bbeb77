// The ask, not the story (issue 12): which sentences of a message ask, and how the story's
// sentences weigh against them.
import { describe, expect, it } from 'vitest';
import { isAsk, isPrivateAsk, splitSentences } from '../../knowledge/sentences';
import { TextPipeline } from '../../knowledge/text';
import { expectAnswer, useSampleIndex } from '../helpers/knowledge';

const pipeline = TextPipeline.fromFiles();
const asks = (s: string) => isAsk(s, pipeline.process(s).key);

describe('which sentence asks', () => {
  it('question words, requests, "?" and question endings ask, typed with marks or without', () => {
    for (const s of [
      'giờ làm khai sinh cho bé ở đây được không',
      'nộp ở đâu ạ',
      'cần mang giấy tờ gì',
      'hồ sơ xong chưa vậy',
      'cho em hỏi thủ tục tách hộ',
      'mất bao lâu',
      'chừ mần răng',
      'làm ở mô rứa',
      'xin giấy xác nhận độc thân',
      'lam o dau a',
      'co duoc khong',
      'nop o xa hay len huyen?',
    ]) expect(asks(s), s).toBe(true);
  });

  it('a sentence that tells is no ask, even with a word that asks elsewhere', () => {
    for (const s of [
      'hồi đó nhà nghèo không ai đi báo', // "hồi" is no "hỏi", "không ai" is nobody
      'trường bắt nộp bản sao giấy khai sinh', // "bản sao" is a copy
      'em đang xin đi làm bên Hàn', // "xin đi làm" is a job
      'em viết sẵn rồi nhưng chưa ký', // "chưa" inside a sentence is "not yet"
      'nhà tôi sập chuồng mà không được đồng nào',
      'mấy anh em tôi nhường hết cho mẹ',
      'đất được cấp sổ lần đầu năm 2010', // "đầu" is no "đâu"
      'mỗi lần hỏi thì bảo đang chờ huyện duyệt',
      'nhà tôi ở yên ổn, không cãi cọ với ai', // nobody
      'năm nào cũng nộp thuế đầy đủ', // every year
      'ruộng quá hạn lâu rồi mà không ai nói gì', // nothing
      'ruong qua han lau roi ma khong ai noi gi',
      // What was heard is told, whatever words it holds ("giúp", "xin"), unless it ends as a question.
      'nghe nói xã có trợ giúp pháp lý cho người nghèo',
      'thay bao phai xin giay o cho nha gai truoc',
      'nghe người ta nói làm ở huyện nhanh hơn',
      // "sào" typed without marks, a measure of land; "trợ giúp", legal aid.
      'nha em co 3 sao ruong',
      'ong ba duoc tro giup phap ly',
      // An application told as filed ("đơn xin"), nothing at all ("chưa từng có … gì").
      'thang truoc toi co nop don xin tro giup phap ly',
      'tháng trước tôi đã nộp đơn xin trợ cấp',
      'mẹ tôi chưa từng có lương hưu hay trợ cấp gì',
      'me toi khong co luong huu gi',
      // A question someone else asked, reported.
      'trường hỏi sao không có tên bố',
      'người ta hỏi em lấy tư cách gì ký',
      'nguoi ta hoi giay to gi',
      // A wish denied, "cannot go anywhere", nothing left; "đầu", "đậu" typed without marks.
      'hai nhà không muốn kiện tụng',
      'tôi không muốn giữ cái sai đó',
      'bà nằm liệt giường, không đi đâu được',
      'hai nhà hòa rồi, không còn gì phải kiện',
      'toi chua vo con gi',
      'tu dau nam toi gio chua lam giay',
      'lan dau len xa nop ho so',
      'nam nay con toi dau dai hoc',
    ]) expect(asks(s), s).toBe(false);
    // Still asking: a wish denied with a question, what else is needed.
    expect(asks('không muốn lên xã thì làm sao')).toBe(true);
    expect(asks('còn gì nữa không')).toBe(true);
    expect(asks('nop o dau')).toBe(true);
    expect(asks('nghe nói phải có giấy chứng sinh mới làm được, đúng không')).toBe(true);
    // Still asking: "không có tiền thì làm gì", a reported question with "?", the citizen's own words before it.
    expect(asks('không có tiền thì làm gì')).toBe(true);
    expect(asks('trường hỏi sao không có tên bố?')).toBe(true);
    expect(asks('giờ làm sao, người ta hỏi giấy khai sinh')).toBe(true);
  });

  it('"lần nào … cũng", "không thấy đâu" and an unmarked "chi" that is "chỉ" tell; "chi" where "gì" stands asks', () => {
    for (const s of [
      'lần nào lên xã cũng bảo thiếu giấy', // every time
      'lan nao len xa cung bao thieu giay',
      'chờ cả tháng không thấy đâu', // nowhere to be seen
      'cho ca thang khong thay dau',
      'cán bộ không thấy người đâu',
      'nha em chi co 1 con', // "chỉ", only
      'tôi chi có một sổ đỏ',
      'tôi nộp hồ sơ xin trợ cấp cho mẹ từ tháng 6', // an application told as filed
      // None, nobody, everywhere, nobody could know: a negation, then having or seeing, then "nào"; "… cũng".
      'hai đứa ở với nhau mấy năm rồi mà chưa có tờ giấy nào',
      'hai dua o voi nhau may nam roi ma chua co to giay nao',
      'đợi hoài mà không thấy cán bộ nào xuống',
      'nhà không còn ai',
      'đi đâu cũng bị hỏi giấy',
      'hồi đó ai mà biết',
      // Hearsay: "có người nói".
      'có người nói hộ nghèo được nhà nước giúp về pháp lý miễn phí',
    ]) expect(asks(s), s).toBe(false);
    for (const s of [
      'lần nào lên cũng vậy hả', // ends as a question
      'không thấy nộp ở đâu', // where, asked
      'chưa rõ làm ở xã nào', // which commune, asked
      'không có giấy tờ nào thì làm sao',
      'mần chi rứa',
      'lam chi',
      'de lam chi',
      'cái ni là chi',
      'giấy tờ cần chi',
    ]) expect(asks(s), s).toBe(true);
  });

  it('private advice and a choice among sellers are told apart from how to do an administrative thing', () => {
    const privateAsk = (s: string) => isPrivateAsk(s, pipeline.process(s).key);
    for (const s of [
      'Chồng tôi ngoại tình, theo mọi người tôi có nên ly hôn không?',
      'Muốn vay ngân hàng mua ô tô trả góp thì ngân hàng nào lãi thấp?',
      'Ai biet doi tho xay nha nao uy tin o xa khong',
      'Trường mầm non tư nào gần đây học phí rẻ mà tốt?',
      'gioi thieu giup em cho nao ban cay giong',
    ]) expect(privateAsk(s), s).toBe(true);
    for (const s of [
      'Tôi có nên khởi kiện không, nộp đơn ở đâu?', // where to file: a procedure's question
      'xin giấy giới thiệu ở xã được không', // a letter of introduction
      'con rể tôi ở xa, ai nhận thay được không', // "rể", not "rẻ"
      'con tôi tốt nghiệp cấp 3 ở trường nào cũng được', // "tốt nghiệp"
      'nhà có nền cao, xin phép xây ở đâu',
    ]) expect(privateAsk(s), s).toBe(false);
  });

  it('a year ends a sentence ("năm 2015. Giờ…"); the dots of numbers and codes do not', () => {
    expect(splitSentences('Tôi đăng ký kết hôn năm 2015. Giờ muốn đăng ký thường trú cho vợ thì cần gì')).toHaveLength(2);
    expect(splitSentences('lệ phí 1.000.000 đồng cho hồ sơ 1.001193 phải không')).toHaveLength(1);
  });
});

describe('the ask, not the story', () => {
  const s = useSampleIndex();
  const top = (text: string) => s.analyze(text).procedures[0]?.code;

  it('a procedure said only in the story does not outweigh the one asked about', () => {
    // Tạm trú and khai tử are background; the ask names khai sinh, chứng thực bản sao.
    expect(top('Hai vợ chồng tôi ở trọ bên này, đã đăng ký tạm trú rồi. Tháng trước vợ tôi sinh con trai. Giờ làm khai sinh cho cháu ở đây được không?')).toBe('1.001193');
    expect(top('Nhà tôi đã làm khai tử cho ông năm ngoái. Giờ cháu tôi muốn chứng thực bản sao căn cước thì làm ở đâu')).toBe('2.000815');
  });

  it('an ask that names nothing is about the sentence before it', () => {
    expectAnswer(s, 'Ba tôi mất rồi, đất đứng tên ba mẹ. Mấy anh em tôi nhường hết cho mẹ, không ai lấy phần. Vậy tụi tôi phải làm giấy gì?', '2.001016');
  });

  it('a question naming nothing after a service heard of asks for that service, not the dispute told before', () => {
    const a = s.analyze('Vợ cũ đòi giành quyền nuôi con. Tôi nghèo, không có tiền thuê luật sư. Nghe nói có trợ giúp pháp lý miễn phí. Phải làm đơn ở đâu?');
    expect(a.intent).toBe('procedure');
    expect(a.procedures.map((p) => p.code)).toContain('2.000829');
  });

  it('a message that asks nothing is read whole: a complaint told as a story stays a complaint', () => {
    expect(s.analyze('Ngoài ủy ban không có chỗ để xe, hôm mưa người dân phải đứng ngoài hiên chờ, ướt hết').intent).toBe('feedback');
  });
});
