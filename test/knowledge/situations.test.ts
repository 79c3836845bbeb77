// Life situations, euphemisms and regional words (data/situations): the staff-editable file reads,
// and indirect descriptions reach the procedure of the catalog.
import { describe, expect, it } from 'vitest';
import { expectAnswer, expectOffered, useSampleIndex } from '../helpers/knowledge';
import { parseSituations, SituationSet, type Combination, type Meaning } from '../../knowledge/situations';
import { PatternSet, type WordClasses } from '../../knowledge/patterns';
import { TextPipeline } from '../../knowledge/text';
import { fold, wordsOf } from '../../knowledge/normalize';

describe('situations file', () => {
  it('the shipped files read without problems', () => {
    expect(TextPipeline.fromFiles().problems).toEqual([]);
  });

  it('reads classes, gaps, concepts, intents and regional replacements; reports bad lines', () => {
    const classes: WordClasses = new Map();
    const set = new PatternSet<Meaning>();
    const synonyms: string[] = [];
    const problems = parseSituations('$người = ba | mẹ\n$người … đi rồi => @mất\nhẹn hoài => #feedback\nmần = làm\nxyz => #nope\nchỉ một dòng\n', 'vi.txt', classes, set, synonyms);
    const background = new SituationSet();
    parseSituations('đã có khai sinh => nền\n', 'vi.txt', new Map(), background);
    expect(background.matchAll(wordsOf(fold('con đã có khai sinh')))[0]!.value.background).toBe(true);
    expect(problems.map((p) => p.line)).toEqual([5, 6]);
    expect(synonyms).toEqual(['mần = làm']);
    expect(set.matchAll(wordsOf(fold('mẹ em mới đi rồi'))).map((m) => m.value.concepts)).toEqual([['@mat']]);
    expect(set.matchAll(wordsOf(fold('hen hoai')))[0]!.value.intents).toEqual(['feedback']);
  });

  it('an exception ("không phải @x") cancels the concept, and its words, where it overlaps a match', () => {
    const set = new SituationSet();
    const text = '$người = ba | em | con\n$người … mất => @mất, khai tử\nmất tiền | mất bao lâu => không phải @mất\nmất giấy => không phải khai tử\n';
    const problems = parseSituations(text, 'vi.txt', new Map(), set);
    expect(problems.map((p) => p.line)).toEqual([4]);
    const said = (t: string) => set.matchAll(wordsOf(fold(t))).flatMap((m) => [...m.value.concepts, ...m.value.words]);
    expect(said('ba em mới mất tuần trước')).toEqual(expect.arrayContaining(['@mat', 'khai', 'tu']));
    expect(said('em làm giấy này mất bao lâu')).toEqual([]);
    expect(said('con có mất tiền không')).toEqual([]);
  });
});

describe('combinations of concepts (@a + @b)', () => {
  it('reads a combination line; a bad one is reported', () => {
    const combinations: Combination[] = [];
    const problems = parseSituations('@hưởng + @mất => @hưởng_mất, tử tuất\n@hưởng + @mất => không phải @x\n', 'vi.txt', new Map(), new PatternSet<Meaning>(), [], combinations);
    expect(problems.map((p) => p.line)).toEqual([2]);
    expect(combinations).toEqual([{ all: ['@huong', '@mat'], value: { concepts: ['@huong_mat'], words: ['tu', 'tuat'], intents: [] } }]);
  });

  it('two concepts said in one clause or across a story\'s clauses add the combination', () => {
    const p = TextPipeline.fromFiles();
    expect(p.process('ông nội tôi là thương binh hạng 2 vừa qua đời').concepts).toContain('@nguoi_co_cong_mat');
    expect(p.combine(new Set(['@dang_huong_uu_dai', '@nguoi_mat'])).flatMap((c) => c.concepts)).toContain('@nguoi_co_cong_mat');
    // One of them alone adds nothing; a martyr is no beneficiary who has just died.
    expect(p.process('ông nội tôi là liệt sĩ').concepts).not.toContain('@dang_huong_uu_dai');
    expect(p.combine(new Set(['@nguoi_co_cong', '@nguoi_mat']))).toEqual([]);
  });
});

describe('pattern matching', () => {
  it('indexed by their rarest word, patterns still match everywhere, in order, and can be removed', () => {
    const classes: WordClasses = new Map();
    const set = new PatternSet<Meaning>();
    const text = '$người = ba | mẹ | ông nội\n$người … mất => @mất\n$người … đi rồi => @mất\nmất giấy => @giấy\n$người … $người => @hai\ngiấy … cháy => @cháy\n';
    expect(parseSituations(text, 'vi.txt', classes, set)).toEqual([]);
    const concepts = (t: string) => set.matchAll(wordsOf(fold(t))).map((m) => `${m.start}:${m.value.concepts[0]}`);
    // Left to right, and in the order of the file at one start; a class-only pattern matches too.
    expect(concepts('ông nội em mất giấy bị cháy')).toEqual(['0:@mat', '3:@giay', '4:@chay']);
    expect(concepts('ba mẹ đi rồi')).toEqual(['0:@mat', '0:@hai', '1:@mat']);
    expect(concepts('không có gì')).toEqual([]);
    expect(set.remove((p) => p.value.concepts.includes('@giay'))).toBe(1);
    expect(concepts('ông nội em mất giấy bị cháy')).toEqual(['0:@mat', '4:@chay']);
  });
});

describe('a situation denied', () => {
  it('does not hold where a negation says it is not so, before it or ending a gap', () => {
    const set = new SituationSet();
    const text = '$người = ba | mẹ\n$người … mất => @mất\nđủ 18 tuổi => @lớn\nmở quán => @quán\nkhông ai lên xã được => lưu động\n';
    expect(parseSituations(text, 'vi.txt', new Map(), set)).toEqual([]);
    const said = (t: string, marks?: (string | null)[]) => set.matchAll(wordsOf(fold(t)), marks).flatMap((m) => [...m.value.concepts, ...m.value.words]);
    expect(said('em trai đủ 18 tuổi rồi')).toEqual(['@lon']);
    expect(said('em trai chưa đủ 18 tuổi')).toEqual([]);
    expect(said('tôi không muốn mở quán nữa')).toEqual([]);
    expect(said('chưa bao giờ mở quán')).toEqual([]);
    expect(said('ba em không mất, chỉ bệnh')).toEqual([]);
    expect(said('ba em mới mất')).toEqual(['@mat']);
    // A negation the line itself says is its meaning; "hỏng" (broken) is no "hổng" (not).
    expect(said('nhà không ai lên xã được')).toEqual(['luu', 'dong']);
    expect(said('máy hỏng mở quán', [null, 'hỏng', null, null])).toEqual(['@quan']);
    expect(said('giay hong mo quan lai')).toEqual(['@quan']);
    // A question ended without punctuation: what follows is said, not denied.
    expect(said('cho hỏi được không mẹ em mới mất')).toEqual(['@mat']);
  });
});

describe('situations reach the catalog', () => {
  const sample = useSampleIndex();

  it.each([
    ['bố e đi rồi ạ, đi ở viện tỉnh, viện có đưa cho tờ giấy, giờ lên xã làm gì', '1.000656'],
    ['ông nội em mới về với tổ tiên tuần trước, nhà em cần báo xã những gì', '1.000656'],
    ['Hai đứa em ở với nhau 2 năm rồi, giờ muốn đàng hoàng trên giấy tờ là vợ chồng', '1.000894'],
    ['Thằng lớn nhà tôi lấy vợ, ra ở căn bên cạnh. Giờ nó muốn đứng sổ riêng chứ không chung với bố mẹ nữa', '1.010038'],
    ['quán nhậu nhà e đóng tạm 3 tháng để sửa lại, có cần báo xã k', '1.001570'],
    ['Nhà cháy hết, trong đó có cả cái giấy đăng ký của tiệm. Tiệm vẫn bán bình thường, giờ làm sao có lại giấy', '2.000575'],
    ['cái giấy chứng nhận tật của ba e bị ướt mưa nhòe hết chữ, rách tùm lum', '1.001653'],
    ['nhà e bị lũ cuốn sập hết hồi tháng 10, giờ trắng tay, xã có xét cho nhà e vào diện khó khăn đc ko', '1.011607'],
    ['tui mần nghề biển, có mua lại chiếc ghe của ông bà con, chừ muốn xã chứng cái giấy mua bán cho chắc thì được không', '2.001035'],
    ['bên ni ai lo vụ tiền người già rứa, ôn tui 82 tuổi rồi chưa có chi hết', '1.001776'],
    ['hắn với tui ở với nhau lâu rồi, chừ muốn làm giấy kết hôn cho đàng hoàng, cần mang chi', '1.000894'],
    ['Giấy cưới của bố mẹ tôi từ năm 1985 mất hết, hỏi xã thì không còn lưu', '1.004746'],
  ])('"%s" reaches %s', (text, code) => {
    const a = sample.analyze(text);
    expect(['procedure', 'fee']).toContain(a.intent);
    expect(a.candidates.slice(0, 3).map((c) => c.code)).toContain(code);
  });

  // Look-alike procedures told apart by their distinguishing words (written for this test from what
  // each procedure is, not from an evaluation set).
  it.each([
    ['tui làm mất tờ khai sinh, xã còn lưu sổ hông, cho tui xin cái bản sao', '2.000635'],
    ['giấy khai sinh mất, xã bảo sổ gốc không còn lưu, vậy phải làm gì', '1.004884'],
    ['tôi 40 tuổi, có căn cước rồi nhưng chưa bao giờ có giấy khai sinh', '1.004772'],
    ['sổ đỏ nhà tôi cũ nát quá, muốn đổi sổ mới', '1.012783'],
    ['đi chợ bị móc túi, mất luôn cái bìa đỏ trong cặp', '1.012786'],
    ['trên sổ hồng ghi sai năm sinh của vợ tôi, sửa ở đâu', '1.012790'],
    ['đất nhà tôi chưa từng có sổ, ở liên tục từ năm 1985, giờ xin cấp sổ', '1.013978'],
    ['nha tui muon cat mieng dat chia cho con gai, lam o dau', '1.012784'],
    ['tôi nộp hồ sơ đăng ký hộ kinh doanh rồi mà giờ đổi ý không mở nữa, muốn dừng lại', '1.014035'],
    ['đổi sang căn cước rồi mà giấy phép kinh doanh của tiệm vẫn ghi số chứng minh cũ', '1.014034'],
    ['nhà tôi nghèo, không có tiền thuê luật sư, muốn được giúp miễn phí thì làm đơn ở đâu', '2.000829'],
    ['hai bên tự thương lượng xong rồi, tôi không cần luật sư nữa thì báo sao', '2.001680'],
    ['bà cụ đang lãnh trợ cấp khuyết tật hằng tháng vừa mất, nhà có được hỗ trợ tiền chôn cất không', '1.001731'],
    ['tôi còn giữ bản chính bằng tốt nghiệp, cần bản photo có dấu đỏ để nộp hồ sơ xin việc', '2.000815'],
    ['giấy khai sinh của tôi trôi mất hồi lũ, xã nói sổ lưu vẫn còn nguyên, giờ xin lại thế nào', '2.000635'],
  ])('"%s" answers %s', (text, code) => {
    expectAnswer(sample, text, code);
  });

  // Life events told as stories, one per family of the situations file (issue 12, written for this test):
  // the circumstance told beside the question does not take the answer from what is asked.
  it.each([
    ['Hai nhà cãi nhau vì cái bờ rào lấn qua mấy tấc, giờ chỉ mong có người đứng giữa nói cho ra lẽ', '1.012812'],
    ['Ông bà nội tôi ở với nhau cả đời chưa làm giấy, nay bà nằm liệt giường không đi đâu được, con cháu muốn làm giấy kết hôn cho hai ông bà', '1.000593'],
    ['Con tôi học lớp 7 ở thành phố, nay cả nhà dọn về quê, muốn cho cháu học tiếp trường xã', '2.002481'],
    ['Nhà tôi có đồi chè, muốn dựng vài cái chòi cho khách lên uống trà ngắm cảnh, chè vẫn trồng như cũ, có phải xin phép gì không', '1.013965'],
    ['Cháu tôi mồ côi đang ở trung tâm bảo trợ của tỉnh. Vợ chồng tôi muốn nhận cháu từ trung tâm về nhà nuôi thì làm sao', '2.001942'],
    ['Cháu 6 tuổi rồi mà chưa có giấy khai sinh, năm nay vào lớp 1 trường đòi giấy khai sinh. Trễ vậy thì làm sao?', '1.001193'],
    ['Sổ hồng nhà tôi mới được cấp lần đầu. Giờ mới phát hiện sổ vẽ lấn cả con mương công của xóm. Tôi muốn nộp lại sổ để làm lại cho đúng thì làm sao?', '1.012818'],
    ['Hồi ba mẹ đi làm xa, bà ngoại đứng ra lo giấy tờ pháp lý cho cháu. Nay mẹ cháu về hẳn rồi, muốn bà thôi đứng tên lo cho cháu thì làm gì?', '1.004845'],
    ['Giấy chứng tử của ông tôi làm từ năm 1990 nay thất lạc, sổ xã chắc còn, xin một bản khác được không', '2.000635'],
    ['nhà em nay chồng đi làm có lương đều rồi, muốn ra khỏi danh sách hộ nghèo luôn, không đợi tới cuối năm, xin ở đâu', '1.011607'],
    ['Em tôi bị khuyết tật từ nhỏ, giấy xác nhận khuyết tật đã có rồi mà chưa lãnh lần nào. Giờ làm sao?', '1.001776'],
    ['Tôi đã làm đơn nhờ trợ giúp pháp lý vụ tranh chấp đất với hàng xóm. Nay hai nhà hòa rồi, không còn gì phải kiện. Tôi thôi không nhờ trợ giúp nữa thì báo sao?', '2.001680'],
    ['Em vừa nộp hồ sơ đăng ký hộ kinh doanh tiệm tóc hôm thứ hai, giờ muốn rút hồ sơ lại không làm nữa thì sao ạ', '1.014035'],
    ['Tôi 35 tuổi, có căn cước, có hộ khẩu đầy đủ, nhưng chưa bao giờ có giấy khai sinh. Giờ làm hộ chiếu đi thăm con ở Nhật thì họ đòi giấy khai sinh. Tôi phải làm sao?', '1.004772'],
    ['Em trả hết nợ ngân hàng cũ rồi, giờ vay ngân hàng khác. Bên mới bắt mang sổ đỏ đi đăng ký ở bên đất đai. Làm ở đâu ạ?', '1.011441'],
    ['so do nha em moi duoc cap lan dau. gio moi thay ghi sai ten me em. sua lai thi lam o dau', '1.012790'],
    ['Ba tui la thuong binh. Nam nay tui dau dai hoc, truong bao can giay xa xac nhan la con thuong binh. Xin o dau?', '1.010833'],
    ['Con gái tôi làm việc bên Nhật, cưới chồng người Nhật bên đó, giấy tờ làm bên đó hết rồi. Giờ nó muốn về quê ghi vào sổ ở đây thì làm sao?', '2.002189'],
    ['Ban em o tren nui xa lam. Tu dau nam toi gio co 3 chau moi sinh chua lam giay khai sinh vi nguoi lon khong xuong xa duoc. Xa co cho can bo len ban lam khong?', '1.003583'],
    ['Tôi tính mua đất, bên văn phòng công chứng bảo phải có giấy xác nhận tình trạng hôn nhân vì tôi chưa vợ con gì. Xin giấy đó ở đâu?', '1.004873'],
  ])('the story "%s" answers %s', (text, code) => {
    expectAnswer(sample, text, code);
  });

  // Written for this test from the families of the situations file (not from an evaluation set):
  // the event in the citizen's words is answered with its procedure.
  it.each([
    ['ông cụ nhà tôi đi rồi, giờ con cháu phải báo xã những gì', '1.000656'],
    ['mệ nội tui khuất núi hôm qua, chừ phải làm giấy chi', '1.000656'],
    ['hai đứa ở với nhau mấy năm rồi, giờ muốn hợp thức hóa', '1.000894'],
    ['con tui 4 tuổi mà chưa làm giấy khai sanh, giờ mần sao', '1.001193'],
    ['tiệm may của tôi thôi không nhận khách nữa, giấy phép xử lý sao', '1.001266'],
    ['quán cơm nhà tui dời qua chợ mới rồi, giấy tờ của quán có phải sửa hông', '2.000720'],
    ['em gái tôi mất sớm, tôi nuôi thằng cháu từ nhỏ, giờ muốn trên giấy tờ nó là con tôi luôn', '2.001263'],
    ['ba má tui tính cho tui miếng đất, ra xã làm giấy sao', '2.001035'],
    ['bà nội em bị liệt nằm một chỗ, không ai lên xã được, cán bộ xuống nhà làm giấy chứng tử được không', '1.000419'],
    // Moving house (within the commune too), ending a guardianship, a child fostered from a centre,
    // a paper chewed by the dog, the registry book gone as well.
    ['tháng rồi cả nhà tui chuyển qua nhà mới ở xóm dưới, giấy tờ cư trú có phải sửa lại không', '1.004222'],
    ['ba mẹ thằng cháu đi làm xa nay đã về đón nó, tôi muốn thôi làm giám hộ thì làm sao', '1.004845'],
    ['vợ chồng tôi tính đón một đứa nhỏ đang ở trung tâm về nhà chăm sóc vài năm', '2.001942'],
    ['giấy xác nhận khuyết tật của ba tôi bị chó cắn rách mất một góc, xin lại ở đâu', '1.001653'],
    ['giấy kết hôn của ba má tui cháy hồi trước, xã nói sổ hộ tịch cũng bị mối ăn hỏng hết', '1.004746'],
    // Told across clauses: a disabled veteran's death, a lost birth certificate and a registry book gone.
    ['bố tôi là thương binh hạng 3, tuần trước ông mất, nhà tôi cần làm những gì', '1.010824'],
    ['tờ khai sinh của em bị thất lạc, ra xã thì sổ gốc cũng cháy rồi, giờ tính sao', '1.004884'],
    // Euphemisms and everyday words of the families: a death, a birth, a wedding by custom, a
    // stepfather's surname, an old person on the monthly allowance who died.
    ['ông ngoại tôi đi đêm qua, con cháu phải báo xã những gì', '1.000656'],
    ['vợ tui sinh non ở bệnh viện tỉnh, bé mới xuất viện, làm giấy cho bé ở đâu', '1.001193'],
    ['hai đứa cưới theo phong tục ở quê mà chưa đăng ký, giờ làm giấy ở đâu', '1.000894'],
    ['con tôi muốn đổi theo họ cha dượng thì làm sao', '1.004859'],
    // Having had the child before marrying is the circumstance; recognising him is the ask.
    ['chị tôi có con với anh ấy khi chưa đăng ký kết hôn, giờ anh ấy muốn làm giấy nhận con', '1.001022'],
    ['bà nội tui 86 tuổi đang lãnh tiền người già, sáng nay bà yên nghỉ rồi, nhà tui được hỗ trợ gì', '1.014028'],
    // Nobody can get to the commune office, whichever way the road goes: the officer comes to the house.
    ['ông ngoại nhà em ở tận trên rẫy, mới mất, cả nhà không ai đi ra ủy ban nổi, xin cán bộ tới làm khai tử được không', '1.000419'],
    // A child registered with the mother's name only, the father now recognising it.
    ['cháu có giấy khai sinh rồi nhưng để trống tên cha, giờ ba ruột muốn nhận con', '1.001022'],
    // A foundling: the birth to register.
    ['sáng ra ai bỏ một đứa nhỏ trước cổng chùa, nhà tôi nuôi tạm, muốn làm giấy khai sinh cho bé', '1.001193'],
    // Translating one's own papers without being the commune's translator.
    ['tui tự dịch cái bằng tốt nghiệp, không phải cộng tác viên chi hết, xã chứng thực chữ ký người dịch được không', '2.001008'],
    // A monthly allowance asked for the first time, or stopped (an artisan's, whatever else is said).
    ['ông tui được công nhận nghệ nhân ưu tú hát bài chòi, không có lương hưu, xin tiền hằng tháng được hông', '1.014310'],
    ['bà ngoại là nghệ nhân nhân dân, nay đã có lương hưu nên gia đình xin thôi lãnh tiền nghệ nhân', '1.014312'],
    // Written for the families added in issue 12's sixth round: an artisan on the allowance who died,
    // a paper not found after a move, a mortgage extended, a birth in hospital, a registration asked
    // for a guardian of a minor, a village far up the mountain.
    ['ông tôi là nghệ nhân ưu tú đang nhận trợ cấp hằng tháng, ông mới mất, nhà tôi phải báo xã gì', '1.014312'],
    ['dọn nhà xong tìm hoài không thấy giấy phép kinh doanh của tiệm đâu, làm lại thế nào', '2.000575'],
    ['sổ đỏ nhà tôi đang thế chấp ngân hàng, nay ngân hàng cho vay thêm nên phải đăng ký thay đổi ở đâu', '1.011442'],
    ['vợ tôi sinh ở bệnh viện huyện, về xã làm giấy khai sinh cho bé được không', '1.001193'],
    ['làm giám hộ cho cháu chưa đủ 18 tuổi thì đăng ký ở đâu', '1.004837'],
    // Issue 12, situations round: a couple living together "without a single paper" (their marriage, not
    // a baby's birth), marrying at home, a father's name added, a disability told in everyday words,
    // a widow raising children alone, a workshop with hired hands, founders of an association.
    ['hai vợ chồng tôi sống chung 5 năm nay mà chưa có tờ giấy nào, giờ muốn làm cho đúng thì sao', '1.000894'],
    ['tôi với bạn trai người Nhật muốn đăng ký kết hôn ở quê tôi, cần giấy gì', '2.000806'],
    ['con tôi khai sinh chỉ có tên mẹ, giờ muốn thêm tên anh ấy vào làm bố của cháu', '1.001022'],
    ['cháu nhà tôi 10 tuổi mà đầu óc chỉ như đứa trẻ lên 3, không tự ăn được, xin trợ cấp thế nào', '1.001776'],
    ['vợ tôi mất, tôi gà trống nuôi con, nhà khó khăn, có được trợ cấp hàng tháng không', '1.001776'],
    ['xưởng mộc nhà tôi có 5 người làm công, muốn vay thêm để mở rộng', '1.013725'],
    ['mấy anh em cựu chiến binh muốn đứng ra lập hội, mới có vài người khởi xướng thì làm gì trước', '1.013702'],
    // Issue 12, situations round 2 (halves a of fresh8/7/6/5, written anew here): a name wrong on the land
    // title told at length, a name wrong in the commune's registry book ("sổ gốc"), a family that can no
    // longer look after a sick son, an association in everyday words, land wider than the paper says, land
    // never titled asked "to avoid a dispute later" (no dispute), an old couple's papers "for the
    // descendants" (no newborn), a birth certificate missing the father's name, "mất cái giấy" (a paper lost),
    // copies "có chứng thực" for a job, a first title that took in a common path, legal aid in plain words,
    // a far village whose family cannot come down to the office.
    ['sổ đỏ nhà tôi ghi tên mẹ tôi bị sai một chữ, giờ muốn sửa cho đúng', '1.012790'],
    ['tên con tôi trong sổ gốc ở xã bị viết sai dấu, giờ sửa thế nào', '1.004859'],
    ['con trai tôi bị tâm thần, hay đập phá, vợ chồng tôi già rồi không trông nổi nữa', '2.000286'],
    ['mấy chị bán rau ngoài chợ muốn có một tổ chức riêng để giúp nhau lúc khó', '1.013703'],
    ['đo lại thấy đất thực tế rộng hơn trong giấy, hàng xóm đã ký xác nhận ranh', '1.012781'],
    ['đất ông bà để lại chưa bao giờ có giấy tờ, giờ muốn làm sổ cho mảnh đất để khỏi tranh chấp về sau', '1.013978'],
    ['ông bà nội tôi sống với nhau 50 năm mà chưa từng làm giấy, giờ muốn làm giấy cho con cháu đỡ vướng', '1.000894'],
    ['con gái tôi khai sinh thiếu tên bố, nay bố nó muốn nhận con', '1.001022'],
    ['ông tôi mất cái giấy chứng nhận khuyết tật rồi, xin lại được không', '1.001653'],
    ['nộp hồ sơ xin việc cần bản sao bằng, học bạ có chứng thực, chứng thực tính tiền theo trang hay theo bản', '2.000815'],
    ['lúc cấp sổ lần đầu họ đo luôn cả lối đi chung vào đất nhà tôi, tôi muốn trả phần đó và làm sổ lại', '1.012818'],
    ['ông tôi ở bản trên mới mất, nhà cách xa 40 cây số, người nhà không xuống được để báo', '1.000419'],
    // The family's shop handed to a child ("để cho tôi đứng tên"): a change of the household business, no gift of land;
    // bee farmers founding an association "cho có tổ chức".
    ['quán phở của bố tôi đứng tên bố, bố yếu rồi nên muốn để cho tôi đứng tên', '2.000720'],
    ['mấy anh em nuôi ong trong xã muốn lập cái hội cho có tổ chức thì làm gì', '1.013703'],
  ])('"%s" is answered with %s', (text, code) => {
    expectAnswer(sample, text, code);
  });

  // Found first, but left to the citizen by the thresholds (confidence.ts): the social pension has the
  // monthly social allowance close behind for a 77-year-old; legal aid asked in plain words is below
  // ANSWER_MIN_CONFIDENCE.
  it.each([
    ['mạ tui 77 tuổi rồi, không có lương hưu chi hết, có được tiền hàng tháng không', '1.014027'],
    ['người khuyết tật được giúp miễn phí về pháp lý thì hồ sơ xin thế nào', '2.000829'],
    // The title's correction has another land-title correction as good, close behind.
    ['Giấy đỏ nhà tôi đứng tên mẹ tôi mà ghi sai năm sinh của bà, giờ sửa ở đâu', '1.012790'],
  ])('"%s" offers %s first', (text, code) => {
    expectOffered(sample, text, code);
  });

  it('"bà con" (the villagers) who raise fish are no adopted child', () => {
    const a = sample.analyze('bà con nuôi cá trong xã muốn lập hội thì làm sao');
    expect(a.processed.concepts).not.toContain('@con_nuoi');
    expect(a.procedures[0]?.code).toBe('1.013703');
  });

  it('an off-topic phrase that a situation reaches past is that situation ("cho vay lãi thấp để tự tạo việc làm")', () => {
    const p = TextPipeline.fromFiles();
    expect(p.process('nghe noi co cho cho vay lai thap de tu tao viec lam').offTopicSaid).toBeUndefined();
    expect(p.process('nghe nói có chỗ cho vay lãi thấp để tự tạo việc làm').offTopicSaid).toBeUndefined();
    // A situation's words inside the phrase are a coincidence ("báo thôi" in "dự báo thời tiết").
    expect(p.process('du bao thoi tiet tuan nay co mua khong').offTopicSaid?.spans).toEqual(['du bao thoi tiet']);
    expect(p.process('ở đâu cho vay nóng trong ngày').offTopicSaid).toBeDefined();
    const a = sample.analyze('nghe nói có chỗ cho vay lãi thấp để tự tạo việc làm, tôi muốn vay nuôi heo');
    expect(a.procedures[0]?.code).toBe('1.013724');
  });

  it('an association ("hội") keeps its word though it folds like "hỏi"', () => {
    const a = sample.analyze('bà con trong thôn tính mần hội trồng lúa sạch, xin phép lập hội ở đâu');
    expect(a.candidates.slice(0, 2).map((c) => c.code)).toContain('1.013703');
  });

  it('a regional word typed without marks is read as its line writes it, and only where it cannot be another', () => {
    const p = sample.index.pipeline;
    // "ở mô" (where) typed "o mo" is no "mờ" (faded): not a damaged disability paper.
    expect(p.process('giay khuyet tat cua ba tui lam o mo').concepts).not.toContain('@mat_giay_tat');
    expect(p.process('giay khuyet tat bi mo het chu').concepts).toContain('@mat_giay_tat');
    // "mệ tui" (Central: grandmother) folds like "mẹ tui": only the marked typing is rewritten.
    expect(p.process('mệ tui ốm').key).toBe('ba om');
    expect(p.process('me tui om').key).toBe('me toi om');
    // "hôn có" is no regional "không": "kết hôn có" keeps its words.
    expect(p.process('dang ky ket hon co can gi').key).toContain('ket hon');
    // "chừ" (Central: now) typed without marks is as often "chú" (uncle): a kinsman's death stays one.
    expect(p.process('chu tui moi mat').concepts).toContain('@nguoi_mat');
    expect(p.process('chừ tui muốn làm giấy').key).toContain('gio');
    // "mấy anh em" (brothers) is no "mấy ảnh" (they).
    expect(p.process('may anh em trong xa muon lap hoi').key).toContain('anh em');
  });

  it('regional words read by their neighbours, regional pronouns and particles kept out of the search', () => {
    const p = sample.index.pipeline;
    // "mần" is "làm", and the paper after it stays: "mần giấy tờ", "mần giấy gì".
    expect(p.process('man giay to sao cho dung').key).toContain('lam giay to');
    // Southern "qua" after "chuyển", "đổi" is "sang".
    expect(p.process('ruong lua tinh chuyen qua trong dua').key).toContain('chuyen sang trong');
    // "mấy ổng" (they) reads "người ta", no "họ" whose folded "ho" is the "hộ" of a household; typed without
    // marks, "may anh" is the officers addressed ("mấy anh"), not "mấy ảnh".
    expect(p.process('mấy ổng biểu tui nộp đơn').key).toContain('nguoi ta');
    expect(p.process('mấy ổng biểu tui nộp đơn').terms).not.toContain('ho');
    expect(p.process('chung thuc het nhieu vay may anh').terms).not.toContain('ho');
    // Nghệ Tĩnh "hấn" (him): "cho han" is "cho hấn", no gift "cho hẳn"; "hạn" typed with marks stays "hạn".
    expect(p.process('xin chuyen truong cho han rang').key).toContain('cho no');
    expect(p.process('xin chuyen truong cho han rang').concepts).not.toContain('@cho_con_dat');
    expect(p.process('hấn mới về ở với tui').key).toMatch(/^no /);
    expect(p.process('giấy phép hết hạn rồi').key).toContain('het han');
    expect(p.process('giay phep het han roi').key).toContain('het han');
    // "thằng" before a kinsman: no "tháng" (hàng tháng); Southern "mất tiêu" (lost), "ghi trật" (wrong).
    expect(p.process('thang nho nha tui bi khuyet tat').terms).not.toContain('thang');
    expect(p.process('tro cap hang thang').terms).toContain('thang');
    expect(p.process('giay khai sanh cua thang con mat tieu roi').terms).not.toContain('tieu');
    expect(p.process('khai sanh ghi trật tên').key).toContain('cai chinh ho tich');
    // Southern land measured in "công": no "công" of "công nhận", "công dân".
    expect(p.process('mấy công ruộng của tía tui').terms).not.toContain('cong');
    // Particles typed without marks ("hả", "hè", "hỉ", "rứa") and places in the commune ("trong xã") ask nothing.
    expect(p.process('lam khai sinh o mo ha').terms).toEqual(['khai', 'sinh']);
    expect(p.process('the gio may anh em nuoi ong trong xa muon lap hoi').terms).not.toContain('trong');
    expect(p.process('the gio may anh em nuoi ong trong xa muon lap hoi').terms).not.toContain('the');
  });

  it.each([
    ['ruong lua nha tui tinh chuyen qua trong cay an trai, man giay to sao', '1.013992'],
    ['tui o nghe an, thang nho dang hoc lop 7 chu theo ba vo sai gon, xin chuyen truong cho han rang', '2.002481'],
    ['Hấn mới về ở với choa, chừ nhập hộ khẩu cho hấn thì răng?', '1.004222'],
  ])('regional "%s" is answered with %s', (text, code) => {
    expectAnswer(sample, text, code);
  });

  it('a flood that keeps the family from the office is no complaint', () => {
    expect(sample.index.pipeline.process('mưa lũ đường ngập hết, người nhà không xuống được').intents).not.toContain('feedback');
  });

  it('stopping an allowance is no unsubscribing from the bulletin', () => {
    expect(sample.analyze('con muốn báo thôi nhận trợ cấp cho mẹ vì mẹ đã có lương hưu').intent).not.toBe('unsubscribe');
  });

  it('a background line ("=> nền") keeps what it covers out of the search, not out of the message', () => {
    const p = sample.index.pipeline;
    const done = p.process('con tôi có khai sinh rồi, nay ba nó muốn nhận con');
    expect(done.terms).not.toContain('sinh');
    expect(done.accented).not.toContain('sinh');
    expect(done.key).toContain('khai sinh');
    // Said again outside the background, the words count.
    expect(p.process('đã có khai sinh rồi, giờ xin bản sao giấy khai sinh').terms).toContain('sinh');
    expect(p.process('làm giấy nhận con khi chưa đăng ký kết hôn').terms).not.toContain('hon');
  });

  it('a catalog phrasing takes a situation\'s concepts, never its words', () => {
    // "tách thửa đất cho con" says "… cho con" like a gift of land; the land-split procedure must not gain the gift's words.
    const p = sample.index.pipeline.process('tách thửa đất cho con', { repair: false });
    expect(p.terms).not.toContain('tang');
    const m = sample.index.pipeline.process('bố mẹ tính cho con miếng đất');
    expect(m.terms).toEqual(expect.arrayContaining(['tang']));
  });

  it.each([
    ['làm khai sinh cho con mất bao lâu', '@nguoi_mat'],
    ['chứng thực giấy tờ có mất tiền không', '@nguoi_mat'],
    ['bằng lái sắp hết hạn thì đổi ở đâu', '@doi_tiem'],
    ['ba em nghỉ hưu từ tháng 5', '@tam_nghi_ban'],
    ['tối nay đi đám cưới bạn', '@vo_chong'],
    ['hàng xóm nói đất vườn nhà tôi được tính thêm đất ở', '@tranh_chap_dat'], // hearsay, no quarrel
    ['tiệm tạp hóa nhà tôi đứng tên vợ, vẫn bán bình thường', '@doi_tiem'], // who owns it, no change
    ['đã làm khai sinh cho cháu từ năm ngoái', '@sinh_con'], // done already: not the birth to register
    ['nhà bị cháy hết, may mà sổ đỏ vẫn còn nguyên', '@mat_so_dat'], // the land title survived
    ['lũ cuốn trôi đồ đạc nhưng sổ hồng vẫn còn, xin hỗ trợ', '@ban_sao_ho_tich'],
    ['làm sổ cho mảnh đất để khỏi tranh chấp về sau', '@tranh_chap_dat'], // feared, not there
    ['muốn làm giấy cho con cháu sau này đỡ vướng', '@sinh_con'], // descendants, no newborn
    ['tên trong sổ gốc bị viết sai dấu', '@dinh_chinh_so'], // the registry book, no land title
    ['sổ hồng nhà em ghi tên ba em bị sai', '@nhan_cha_con'], // a name on the title, no father recognised
    ['thu hồi sổ cũ rồi cấp lại cho đúng', '@doi_so_dat'], // taken back, no exchange of an old title
    ['ten toi co duoc giu bi mat khong', '@mat_giay'], // "bí mật" typed without marks, no paper lost
    ['làm hộ chiếu đi thăm con ở Úc', '@nuoc_ngoai'], // travel abroad, no foreign party
    ['lam so do lan dau can gi', '@cap_khong_dung'], // "đỏ lần", not "đo lấn"
  ])('"%s" does not mean %s', (text, concept) => {
    expect(sample.index.pipeline.process(text).concepts).not.toContain(concept);
  });
});
