// The draft's rules without a browser: what counts as confirmed, how a new period starts, numbers as
// staff type them.
import { describe, expect, it } from 'vitest';
import { applyEdits, DraftInputError, enteredValues, parseViNumber, seedContent, unconfirmed } from '../../reports/draft';
import { loadTemplate } from '../../reports/template';

const tpl = loadTemplate();

describe('report draft', () => {
  it('starts from placeholders, or from the previous period marked "xem lại" (office facts only for figures)', () => {
    const empty = seedContent(tpl);
    expect(empty.texts['I.1']).toEqual({ text: '', state: 'placeholder' });
    const prev = applyEdits(tpl, empty, { 'text.I.1': 'Kế hoạch số 5', 'fig.office_area_m2': '40', 'fig.vneid_accounts': '300' });
    const next = seedContent(tpl, prev);
    expect(next.texts['I.1']).toEqual({ text: 'Kế hoạch số 5', state: 'review' });
    expect(next.figures.office_area_m2).toEqual({ value: 40, state: 'review' });
    // A count of the period does not carry over.
    expect(next.figures.vneid_accounts).toEqual({ value: null, state: 'placeholder' });
  });

  it('confirms a text a person changed or ticked; unticking sends it back to review', () => {
    const carried = seedContent(tpl, applyEdits(tpl, seedContent(tpl), { 'text.II.1': 'Cũ' }));
    expect(applyEdits(tpl, carried, { 'text.II.1': 'Cũ' }).texts['II.1']!.state).toBe('review');
    expect(applyEdits(tpl, carried, { 'text.II.1': 'Cũ', 'ok.II.1': 'on' }).texts['II.1']!.state).toBe('confirmed');
    const edited = applyEdits(tpl, carried, { 'text.II.1': 'Mới' });
    expect(edited.texts['II.1']).toEqual({ text: 'Mới', state: 'confirmed' });
    expect(applyEdits(tpl, edited, { 'text.II.1': 'Mới' }).texts['II.1']!.state).toBe('review');
    expect(applyEdits(tpl, edited, { 'text.II.1': '' }).texts['II.1']!.state).toBe('placeholder');
    // "Nothing to report": empty and ticked.
    expect(applyEdits(tpl, edited, { 'text.II.1': '', 'ok.II.1': 'on' }).texts['II.1']).toEqual({ text: '', state: 'confirmed' });
  });

  it('lists what is still unconfirmed, leaving out empty optional sections', () => {
    const d = seedContent(tpl);
    const list = unconfirmed(tpl, d);
    expect(list).toContain('Công tác chỉ đạo, điều hành');
    expect(list).not.toContain('Đề xuất, kiến nghị');
    expect(list).toContain('Số tài khoản định danh điện tử (VNeID) kích hoạt trong kỳ');
  });

  it('reads numbers as staff type them, and refuses nonsense', () => {
    expect(parseViNumber('1.250')).toBe('1250');
    expect(parseViNumber('12,5')).toBe('12.5');
    expect(parseViNumber('1.250,5')).toBe('1250.5');
    expect(parseViNumber(' 65 ')).toBe('65');
    const d = applyEdits(tpl, seedContent(tpl), { 'fig.target_full_online_pct': '65,5', 'fig.vneid_accounts': '1.250' });
    expect(enteredValues(tpl, d).target_full_online_pct).toEqual({ text: '65,5', review: false });
    expect(enteredValues(tpl, d).vneid_accounts).toEqual({ text: '1.250', review: false });
    expect(() => applyEdits(tpl, seedContent(tpl), { 'fig.vneid_accounts': 'nhiều' })).toThrow(DraftInputError);
    expect(() => applyEdits(tpl, seedContent(tpl), { 'fig.vneid_accounts': '-3' })).toThrow(DraftInputError);
  });
});
