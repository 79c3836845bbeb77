// The report as a Word document in the shape of NĐ 30/2020/NĐ-CP, Phụ lục I: Times New Roman; header
// block with the reporting body, Quốc hiệu (one line) and Tiêu ngữ with their rules, số/ký hiệu, place
// and date; trích yếu with its rule; body; Nơi nhận and signature; then forms 06a (landscape) and 5a,
// each "Kèm theo Báo cáo số …". The data-check warnings are never printed here: staff see them on screen.
import {
  AlignmentType, BorderStyle, Document, Header, HighlightColor, Packer, PageNumber, PageOrientation, Paragraph, Table, TableCell,
  TableRow, TextRun, VerticalAlign, WidthType, type ISectionOptions,
} from 'docx';
import type { ReportFigures } from './figures';
import { FORM_06A_UNIT, HEADER_06A, HEADER_06A_ROWS, rows06a, type Row06aLine } from './form06a';
import { form5a, SCORE_MAX } from './form5a';
import { BLANK_DAY, dateLine, vn, vn1 } from './format';
import { viDate } from './period';
import { enteredValues, type DraftContent } from './draft';
import { fill, flags, placeholders, type ReportSettings, type ReportTemplate, type Segment } from './template';

// NĐ 30/2020 Phụ lục I: body 13–14 pt; Quốc hiệu 12–13 pt bold upper case; Tiêu ngữ 13–14 pt bold;
// margins top/bottom 20–25 mm, left 30–35 mm, right 15–20 mm. Sizes in docx are half-points.
const FONT = 'Times New Roman';
const BODY = 28; // 14 pt
const HEAD = 26; // 13 pt (cơ quan, Quốc hiệu, tiêu ngữ)
const SMALL = 24; // 12 pt (Nơi nhận heading)
const TINY = 22; // 11 pt (Nơi nhận list)
const TABLE = 22; // 11 pt in the forms
// Rounded up so a margin is never under its minimum (20 mm = 1134 twips, not 19,98 mm).
const mm = (v: number) => Math.ceil((v * 1440) / 25.4);
const MARGINS = { top: mm(20), bottom: mm(20), left: mm(30), right: mm(15) };
// A4 in twips; the text width is what the margins leave. Tables get absolute widths (DXA):
// Word and LibreOffice lay them out alike, which percentage widths do not guarantee.
const A4_SHORT = 11906;
const A4_LONG = 16838;
const TEXT_WIDTH = A4_SHORT - MARGINS.left - MARGINS.right;
const LANDSCAPE_MARGINS = { top: mm(20), bottom: mm(15), left: mm(20), right: mm(15) };
const TEXT_WIDTH_LANDSCAPE = A4_LONG - LANDSCAPE_MARGINS.left - LANDSCAPE_MARGINS.right;
// Line spacing 1.15 (NĐ 30: single to 1.5); 6 pt after each paragraph.
const LINE = 276;
const AFTER = 120;

// Header block: the right column must hold "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in 13 pt bold on one
// line (about 95 mm in Times New Roman); the left one the reporting body.
const HEADER_LEFT = mm(62);
const HEADER_RIGHT = TEXT_WIDTH - HEADER_LEFT;
// Width of "Độc lập - Tự do - Hạnh phúc" in 13 pt bold Times New Roman (measured on the LibreOffice
// rendering with Liberation Serif, its metric twin): its rule is exactly as long (NĐ 30).
const MOTTO_WIDTH = mm(56.1);
// Rules under the reporting body and the trích yếu: 1/3 to 1/2 of the line above (NĐ 30).
const BODY_RULE = mm(20);
const TITLE_RULE = mm(50);

const QUOC_HIEU = 'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM';
const TIEU_NGU = 'Độc lập - Tự do - Hạnh phúc';

const NO_BORDER = { style: BorderStyle.NONE, size: 0, color: 'FFFFFF' };
const NO_BORDERS = { top: NO_BORDER, bottom: NO_BORDER, left: NO_BORDER, right: NO_BORDER, insideHorizontal: NO_BORDER, insideVertical: NO_BORDER };
const NO_MARGINS = { top: 0, bottom: 0, left: 0, right: 0 };

type RunOpts = { bold?: boolean; italics?: boolean; size?: number; mark?: Segment['mark'] };
const run = (text: string, o: RunOpts = {}) =>
  new TextRun({
    text,
    font: FONT,
    size: o.size ?? BODY,
    bold: o.bold,
    italics: o.italics,
    // Placeholders and carried values are highlighted so nobody signs them unread.
    highlight: o.mark === 'missing' ? HighlightColor.YELLOW : o.mark === 'review' ? HighlightColor.CYAN : undefined,
  });

function centered(text: string, o: RunOpts = {}, after = 0): Paragraph {
  return new Paragraph({ alignment: AlignmentType.CENTER, spacing: { after }, children: [run(text, o)] });
}

/** A centred horizontal rule `width` long inside a box `box` wide (a bottom border on an empty line). */
function rule(width: number, box: number, after = 0): Paragraph {
  const side = Math.max(0, Math.round((box - width) / 2));
  return new Paragraph({
    indent: { left: side, right: side },
    spacing: { after, line: 120, lineRule: 'exact' },
    border: { bottom: { style: BorderStyle.SINGLE, size: 6, color: '000000', space: 1 } },
    children: [run('', { size: 2 })],
  });
}

function cell(children: Paragraph[], width: number): TableCell {
  return new TableCell({ children, width: { size: width, type: WidthType.DXA }, borders: NO_BORDERS, margins: NO_MARGINS });
}

/** A borderless two-column layout table (header block, signature block). */
function layoutTable(left: Paragraph[], right: Paragraph[], leftWidth: number): Table {
  return new Table({
    width: { size: TEXT_WIDTH, type: WidthType.DXA },
    columnWidths: [leftWidth, TEXT_WIDTH - leftWidth],
    borders: NO_BORDERS,
    rows: [new TableRow({ children: [cell(left, leftWidth), cell(right, TEXT_WIDTH - leftWidth)] })],
  });
}

function headerBlock(tpl: ReportTemplate, s: ReportSettings, date: string | { year: number }): Table {
  const left: Paragraph[] = [];
  if (s.parentBody) left.push(centered(s.parentBody.toUpperCase(), { size: HEAD }));
  left.push(centered(s.commune.toUpperCase(), { size: HEAD, bold: true }), rule(BODY_RULE, HEADER_LEFT, 160), centered(tpl.number, { size: HEAD }));
  return layoutTable(
    left,
    [
      centered(QUOC_HIEU, { size: HEAD, bold: true }),
      centered(TIEU_NGU, { size: HEAD, bold: true }),
      rule(MOTTO_WIDTH, HEADER_RIGHT, 160),
      centered(dateLine(s.place, date), { size: BODY, italics: true }),
    ],
    HEADER_LEFT,
  );
}

function paragraph(segs: Segment[], o: { bold?: boolean; italics?: boolean; indent?: boolean } = {}): Paragraph {
  return new Paragraph({
    alignment: AlignmentType.JUSTIFIED,
    indent: o.indent === false ? undefined : { firstLine: mm(10) },
    spacing: { after: AFTER, line: LINE },
    children: segs.map((sg) => run(sg.text, { bold: o.bold, italics: o.italics, mark: sg.mark })),
  });
}

/** The commune's text of a section: as written once confirmed, else a highlighted placeholder. */
function narrative(key: string, input: { hint: string; optional: boolean }, d: DraftContent): Paragraph[] {
  const t = d.texts[key];
  const text = t?.text.trim() ?? '';
  if (t?.state === 'confirmed') return text ? text.split(/\n+/).map((line) => paragraph([{ text: line.trim() }])) : [];
  if (t?.state === 'review' && text) {
    return text.split(/\n+/).map((line, i) =>
      paragraph([...(i === 0 ? [{ text: '[XEM LẠI – nội dung kỳ trước] ', mark: 'missing' as const }] : []), { text: line.trim(), mark: 'review' }]),
    );
  }
  if (input.optional) return [];
  return [paragraph([{ text: `[CẦN NHẬP: ${input.hint}]`, mark: 'missing' }])];
}

function signatureBlock(tpl: ReportTemplate, s: ReportSettings, values: Record<string, string>): Table {
  // A recipient line naming an empty setting (no parent body) is left out.
  const recipients = tpl.recipients.filter((r) => !/\{\{\s*([a-z_]+)\s*\}\}/.test(r) || [...r.matchAll(/\{\{\s*([a-z_]+)\s*\}\}/g)].every((m) => values[m[1]!]));
  return layoutTable(
    [
      new Paragraph({ children: [run('Nơi nhận:', { bold: true, italics: true, size: SMALL })] }),
      ...recipients.map((r) => new Paragraph({ children: [run(fill(r, values).map((x) => x.text).join(''), { size: TINY })] })),
    ],
    [
      centered(s.signerAuthority, { bold: true }),
      centered(s.signerTitle, { bold: true }, 1600),
      centered(s.signerName, { bold: true }),
    ],
    Math.round(TEXT_WIDTH * 0.45),
  );
}

function tableCell(text: string, o: { bold?: boolean; span?: number; rowSpan?: number; left?: boolean; italics?: boolean; width?: number } = {}): TableCell {
  return new TableCell({
    columnSpan: o.span,
    rowSpan: o.rowSpan,
    width: o.width ? { size: o.width, type: WidthType.DXA } : undefined,
    verticalAlign: VerticalAlign.CENTER,
    margins: { left: 60, right: 60, top: 20, bottom: 20 },
    children: [
      new Paragraph({
        alignment: o.left ? AlignmentType.LEFT : AlignmentType.CENTER,
        children: [run(text, { size: TABLE, bold: o.bold, italics: o.italics })],
      }),
    ],
  });
}

// Form 06a on the landscape page: STT, field, then 11 figure columns.
const COL_STT = 560;
const COL_FIGURE = 1080;
const COL_FIELD = TEXT_WIDTH_LANDSCAPE - COL_STT - 11 * COL_FIGURE;

function table06a(lines: Row06aLine[]): Table {
  const headerRows = Array.from({ length: HEADER_06A_ROWS }, (_, row) =>
    new TableRow({
      tableHeader: true,
      cantSplit: true,
      children: HEADER_06A.filter((h) => h.row === row).map((h) => tableCell(h.text, { bold: true, span: h.span, rowSpan: h.rowSpan })),
    }),
  );
  const numbering = new TableRow({ tableHeader: true, children: Array.from({ length: 13 }, (_, i) => tableCell(`(${i + 1})`, { italics: true })) });
  return new Table({
    width: { size: TEXT_WIDTH_LANDSCAPE, type: WidthType.DXA },
    columnWidths: [COL_STT, COL_FIELD, ...Array.from({ length: 11 }, () => COL_FIGURE)],
    rows: [
      ...headerRows,
      numbering,
      ...lines.map(
        (r) =>
          new TableRow({
            cantSplit: true,
            children: [
              tableCell(r.stt, { bold: r.total }),
              tableCell(r.label, { bold: r.total, left: !r.total }),
              ...r.values.map((v) => tableCell(vn(v), { bold: r.total })),
            ],
          }),
      ),
    ],
  });
}

// Form 5a: STT, index, standard points, points.
const COL5_STT = 700;
const COL5_MAX = 1500;
const COL5_SCORE = 1500;
const COL5_NAME = TEXT_WIDTH - COL5_STT - COL5_MAX - COL5_SCORE;

function table5a(f: ReportFigures): Table {
  const x = form5a(f);
  const widths = [COL5_STT, COL5_NAME, COL5_MAX, COL5_SCORE];
  const row = (cells: TableCell[]) => new TableRow({ cantSplit: true, children: cells });
  return new Table({
    width: { size: TEXT_WIDTH, type: WidthType.DXA },
    columnWidths: widths,
    rows: [
      row([tableCell('STT', { bold: true }), tableCell('Chỉ số đánh giá', { bold: true }), tableCell('Điểm chuẩn', { bold: true }), tableCell('Điểm đạt', { bold: true })]),
      ...x.indices.map((i) => row([tableCell(String(i.stt)), tableCell(i.name, { left: true }), tableCell(vn(i.max)), tableCell(i.score === null ? 'Không có dữ liệu' : vn1(i.score))])),
      row([tableCell(''), tableCell('Tổng điểm', { bold: true, left: true }), tableCell(vn(SCORE_MAX), { bold: true }), tableCell(x.score === null ? '-' : vn1(x.score), { bold: true })]),
      row([tableCell(''), tableCell('Xếp loại', { bold: true, left: true }), tableCell(x.rating ?? 'Chưa xếp loại (không có phiếu)', { bold: true, span: 2 })]),
    ],
  });
}

function tableLevels(f: ReportFigures): Table {
  const x = form5a(f);
  const w = [COL5_STT, COL5_NAME, COL5_MAX, COL5_SCORE];
  const row = (cells: TableCell[]) => new TableRow({ cantSplit: true, children: cells });
  return new Table({
    width: { size: TEXT_WIDTH, type: WidthType.DXA },
    columnWidths: w,
    rows: [
      row([tableCell('STT', { bold: true }), tableCell('Mức độ hài lòng', { bold: true }), tableCell('Số phiếu', { bold: true }), tableCell('Tỷ lệ (%)', { bold: true })]),
      ...x.levels.map((l, i) => row([tableCell(String(i + 1)), tableCell(l.label, { left: true }), tableCell(vn(l.count)), tableCell(vn1(l.share))])),
      row([tableCell(''), tableCell('Tổng số phiếu đánh giá', { bold: true, left: true }), tableCell(vn(x.forms), { bold: true }), tableCell('')]),
    ],
  });
}

export interface DocxOptions {
  /** Date of the document (YYYY-MM-DD); without it the day and month are left blank. */
  date?: string;
  /** Year printed when there is no date (the year the report is made). */
  year: number;
}

// NĐ 30/2020: page numbers centred in the top margin, from the second page on.
const pageNumberHeader = () => ({
  default: new Header({
    children: [new Paragraph({ alignment: AlignmentType.CENTER, children: [new TextRun({ font: FONT, size: HEAD, children: [PageNumber.CURRENT] })] })],
  }),
  first: new Header({ children: [new Paragraph({ children: [] })] }),
});

/** "(Kèm theo Báo cáo số      /BC-UBND ngày … của UBND xã …)". */
function attachedTo(tpl: ReportTemplate, s: ReportSettings, date: string | { year: number }): string {
  const num = tpl.number.replace(/^Số:\s*/, '').trim() || '/BC-UBND';
  const when = typeof date === 'string' ? `ngày ${viDate(date)}` : `ngày ${BLANK_DAY} tháng ${BLANK_DAY} năm ${date.year}`;
  return `(Kèm theo Báo cáo số ${BLANK_DAY}${num.startsWith('/') ? num : `/${num}`} ${when} của ${s.commune})`;
}

function titleLines(title: string, after = 0): Paragraph[] {
  return title.split('\n').map((line, i, all) => centered(line, { bold: true }, i === all.length - 1 ? after : 0));
}

export function buildDocument(f: ReportFigures, tpl: ReportTemplate, draft: DraftContent, s: ReportSettings, opts: DocxOptions): Document {
  const values = placeholders(f, s);
  const when = flags(f);
  const entered = enteredValues(tpl, draft);
  const date = opts.date ?? { year: opts.year };
  const body: Paragraph[] = [];
  for (const sec of tpl.sections) {
    const content = sec.paragraphs.filter((p) => !p.when || when[p.when]).map((p) => paragraph(fill(p.text, values, entered)));
    if (sec.input) content.push(...narrative(sec.key, sec.input, draft));
    // An optional sub-section left empty is left out, heading and all.
    if (!content.length && sec.input?.optional) continue;
    if (sec.heading) body.push(paragraph([{ text: sec.heading }], { bold: true, italics: sec.level === 3 }));
    body.push(...content);
  }
  const main: ISectionOptions = {
    properties: { page: { margin: MARGINS }, titlePage: true },
    headers: pageNumberHeader(),
    children: [
      headerBlock(tpl, s, date),
      new Paragraph({ spacing: { after: 240 }, children: [] }),
      centered(fill(tpl.title, values).map((x) => x.text).join(''), { bold: true }),
      centered(fill(tpl.subtitle, values).map((x) => x.text).join(''), { bold: true }),
      rule(TITLE_RULE, TEXT_WIDTH, 360),
      ...body,
      new Paragraph({ spacing: { after: 240 }, children: [] }),
      signatureBlock(tpl, s, values),
    ],
  };
  const period = `Kỳ báo cáo: ${f.period.label} (từ ngày ${viDate(f.period.from)} đến ngày ${viDate(f.period.to)})`;
  const appendix06a: ISectionOptions = {
    properties: { page: { margin: LANDSCAPE_MARGINS, size: { orientation: PageOrientation.LANDSCAPE } } },
    children: [
      ...titleLines(tpl.appendix_06a_title),
      centered(attachedTo(tpl, s, date), { italics: true, size: SMALL }),
      centered(period, { italics: true, size: SMALL }),
      new Paragraph({ alignment: AlignmentType.RIGHT, spacing: { after: 120 }, children: [run(FORM_06A_UNIT, { italics: true, size: TABLE })] }),
      table06a(rows06a(f)),
    ],
  };
  const appendix5a: ISectionOptions = {
    properties: { page: { margin: MARGINS } },
    children: [
      ...titleLines(tpl.appendix_5a_title),
      centered(attachedTo(tpl, s, date), { italics: true, size: SMALL }),
      centered(period, { italics: true, size: SMALL }, 240),
      new Paragraph({ spacing: { after: 120 }, children: [run('I. Điểm đánh giá theo các chỉ số (Thông tư số 01/2018/TT-VPCP)', { bold: true })] }),
      table5a(f),
      new Paragraph({ spacing: { before: 240, after: 120 }, children: [run('II. Tỷ lệ mức độ hài lòng', { bold: true })] }),
      tableLevels(f),
    ],
  };
  return new Document({
    creator: s.commune,
    title: `${tpl.title} ${f.period.label}`,
    styles: { default: { document: { run: { font: FONT, size: BODY } } } },
    sections: [main, appendix06a, appendix5a],
  });
}

export async function renderDocx(f: ReportFigures, tpl: ReportTemplate, draft: DraftContent, s: ReportSettings, opts: DocxOptions): Promise<Buffer> {
  return Packer.toBuffer(buildDocument(f, tpl, draft, s, opts));
}
