// The report as a Word document in the shape of Vietnamese administrative documents
// (NĐ 30/2020/NĐ-CP, Phụ lục I): Times New Roman, header block with Quốc hiệu and tiêu ngữ,
// số/ký hiệu, place and date; body; Nơi nhận and signature; then the 06a table and the
// consistency warnings as appendices.
import {
  AlignmentType, BorderStyle, Document, Header, Packer, PageNumber, PageOrientation, Paragraph, Table, TableCell, TableRow, TextRun,
  VerticalAlign, WidthType, type ISectionOptions,
} from 'docx';
import type { ReportFigures } from './figures';
import { BY_SOURCE_TITLE, FORM_06A_UNIT, HEADER_SUB, HEADER_TOP, rows06a, rows06aBySource, type Row06aLine } from './form06a';
import { vn } from './format';
import { viDate } from './period';
import { fill, placeholders, type ReportTemplate } from './template';

// NĐ 30/2020 Phụ lục I: font Times New Roman; body 13–14 pt; margins top/bottom 20–25 mm,
// left 30–35 mm, right 15–20 mm. Sizes in docx are half-points.
const FONT = 'Times New Roman';
const BODY = 28; // 14 pt
const HEAD = 26; // 13 pt (cơ quan, Quốc hiệu)
const SMALL = 24; // 12 pt (Nơi nhận heading)
const TINY = 22; // 11 pt (Nơi nhận list)
const TABLE = 20; // 10 pt: 13 columns must fit a landscape page
// Rounded up so a margin is never under its minimum (20 mm = 1134 twips, not 19,98 mm).
const mm = (v: number) => Math.ceil((v * 1440) / 25.4);
const MARGINS = { top: mm(20), bottom: mm(20), left: mm(30), right: mm(15) };
// A4 in twips; the text width is what the margins leave. Tables get absolute widths (DXA):
// Word and LibreOffice lay them out alike, which percentage widths do not guarantee.
const A4_SHORT = 11906;
const A4_LONG = 16838;
const TEXT_WIDTH = A4_SHORT - MARGINS.left - MARGINS.right;
const TEXT_WIDTH_LANDSCAPE = A4_LONG - MARGINS.left - MARGINS.right;
// Line spacing 1.15 (NĐ 30: single to 1.5); 6 pt after each paragraph.
const LINE = 276;
const AFTER = 120;

const NO_BORDER = { style: BorderStyle.NONE, size: 0, color: 'FFFFFF' };
const NO_BORDERS = { top: NO_BORDER, bottom: NO_BORDER, left: NO_BORDER, right: NO_BORDER, insideHorizontal: NO_BORDER, insideVertical: NO_BORDER };

type RunOpts = { bold?: boolean; italics?: boolean; size?: number };
const run = (text: string, o: RunOpts = {}) => new TextRun({ text, font: FONT, size: o.size ?? BODY, bold: o.bold, italics: o.italics });

function centered(text: string, o: RunOpts = {}, after = 0): Paragraph {
  return new Paragraph({ alignment: AlignmentType.CENTER, spacing: { after }, children: [run(text, o)] });
}

function cell(children: Paragraph[], width: number): TableCell {
  return new TableCell({ children, width: { size: width, type: WidthType.DXA }, borders: NO_BORDERS });
}

/** A borderless two-column layout table (header block, signature block). */
function layoutTable(left: Paragraph[], right: Paragraph[], leftShare: number): Table {
  const l = Math.round(TEXT_WIDTH * leftShare);
  return new Table({
    width: { size: TEXT_WIDTH, type: WidthType.DXA },
    columnWidths: [l, TEXT_WIDTH - l],
    borders: NO_BORDERS,
    rows: [new TableRow({ children: [cell(left, l), cell(right, TEXT_WIDTH - l)] })],
  });
}

/** Place and date line: "Hoàng Kim, ngày 14 tháng 6 năm 2024". */
export function dateLine(place: string, isoDate: string): string {
  const [y, m, d] = isoDate.split('-').map(Number) as [number, number, number];
  // NĐ 30/2020: days under 10 and months 1, 2 are written with a leading zero.
  const dd = d < 10 ? `0${d}` : String(d);
  const mm = m < 3 ? `0${m}` : String(m);
  return `${place}, ngày ${dd} tháng ${mm} năm ${y}`;
}

function headerBlock(tpl: ReportTemplate, date: string): Table {
  const h = tpl.header;
  return layoutTable(
    [
      centered(h.parent_body, { size: HEAD }),
      centered(h.body, { size: HEAD, bold: true }),
      centered('―――――', { size: HEAD }, 120),
      centered(h.number, { size: HEAD }),
    ],
    [
      centered(h.national_title, { size: HEAD, bold: true }),
      centered(h.motto, { size: BODY, bold: true }),
      centered('―――――――――――', { size: HEAD }, 120),
      centered(dateLine(h.place, date), { size: BODY, italics: true }),
    ],
    0.4,
  );
}

function bodyParagraph(text: string, style: 'heading1' | 'heading2' | 'paragraph'): Paragraph {
  return new Paragraph({
    alignment: AlignmentType.JUSTIFIED,
    indent: { firstLine: mm(10) },
    spacing: { after: AFTER, line: LINE },
    children: [run(text, { bold: style !== 'paragraph' })],
  });
}

function signatureBlock(tpl: ReportTemplate): Table {
  return layoutTable(
    [
      new Paragraph({ children: [run('Nơi nhận:', { bold: true, italics: true, size: SMALL })] }),
      ...tpl.recipients.map((r) => new Paragraph({ children: [run(r, { size: TINY })] })),
    ],
    [
      centered(tpl.signer.on_behalf, { bold: true }),
      centered(tpl.signer.title, { bold: true }, 1400),
      centered(tpl.signer.name, { bold: true }),
    ],
    0.5,
  );
}

function tableCell(text: string, o: { bold?: boolean; span?: number; rowSpan?: number; left?: boolean } = {}): TableCell {
  return new TableCell({
    columnSpan: o.span,
    rowSpan: o.rowSpan,
    verticalAlign: VerticalAlign.CENTER,
    children: [
      new Paragraph({
        alignment: o.left ? AlignmentType.LEFT : AlignmentType.CENTER,
        children: [run(text, { size: TABLE, bold: o.bold })],
      }),
    ],
  });
}

// Form 06a on the landscape page: STT, field, then 11 figure columns.
const COL_STT = 600;
const COL_FIGURE = 1000;
const COL_FIELD = TEXT_WIDTH_LANDSCAPE - COL_STT - 11 * COL_FIGURE;

function table06a(lines: Row06aLine[]): Table {
  const numbering = Array.from({ length: 13 }, (_, i) => tableCell(`(${i + 1})`, { bold: false }));
  return new Table({
    width: { size: TEXT_WIDTH_LANDSCAPE, type: WidthType.DXA },
    columnWidths: [COL_STT, COL_FIELD, ...Array.from({ length: 11 }, () => COL_FIGURE)],
    rows: [
      new TableRow({ tableHeader: true, children: HEADER_TOP.map(([t, span, rowSpan]) => tableCell(t, { bold: true, span, rowSpan })) }),
      new TableRow({ tableHeader: true, children: HEADER_SUB.map((t) => tableCell(t, { bold: true })) }),
      new TableRow({ children: numbering }),
      ...lines.map(
        (r) =>
          new TableRow({
            children: [
              tableCell(r.stt, { bold: r.total }),
              tableCell(r.label, { bold: r.total, left: true }),
              ...r.values.map((v) => tableCell(vn(v), { bold: r.total })),
            ],
          }),
      ),
    ],
  });
}

export interface DocxOptions {
  /** Date of the document (YYYY-MM-DD); defaults to today. */
  date: string;
}

// NĐ 30/2020: page numbers centred in the top margin, from the second page on.
const pageNumberHeader = () => ({
  default: new Header({
    children: [new Paragraph({ alignment: AlignmentType.CENTER, children: [new TextRun({ font: FONT, size: HEAD, children: [PageNumber.CURRENT] })] })],
  }),
  first: new Header({ children: [new Paragraph({ children: [] })] }),
});

export function buildDocument(f: ReportFigures, tpl: ReportTemplate, opts: DocxOptions): Document {
  const values = placeholders(f);
  const page = { margin: MARGINS };
  const main: ISectionOptions = {
    properties: { page, titlePage: true },
    headers: pageNumberHeader(),
    children: [
      headerBlock(tpl, opts.date),
      new Paragraph({ spacing: { after: 240 }, children: [] }),
      centered(fill(tpl.title, values), { bold: true }),
      centered(fill(tpl.subtitle, values), { bold: true }, 360),
      ...tpl.blocks.map((b) => bodyParagraph(fill(b.text, values), b.style)),
      new Paragraph({ spacing: { after: 240 }, children: [] }),
      signatureBlock(tpl),
    ],
  };
  const appendix: ISectionOptions = {
    properties: { page: { margin: MARGINS, size: { orientation: PageOrientation.LANDSCAPE } } },
    children: [
      centered(fill(tpl.appendix_06a_title, values), { bold: true }),
      centered(`Kỳ báo cáo: từ ngày ${viDate(f.period.from)} đến ngày ${viDate(f.period.to)}`, { italics: true }),
      new Paragraph({ alignment: AlignmentType.RIGHT, spacing: { after: 120 }, children: [run(FORM_06A_UNIT, { italics: true, size: TABLE })] }),
      table06a(rows06a(f)),
      new Paragraph({ spacing: { before: 240, after: 120 }, children: [run(BY_SOURCE_TITLE, { bold: true, size: SMALL })] }),
      table06a(rows06aBySource(f)),
    ],
  };
  const warnings: ISectionOptions = {
    properties: { page },
    children: [
      centered(fill(tpl.appendix_warnings_title, values), { bold: true }, 240),
      ...(f.warnings.length
        ? f.warnings.map((w, i) => bodyParagraph(`${i + 1}. ${w.message}`, 'paragraph'))
        : [bodyParagraph(tpl.no_warnings, 'paragraph')]),
    ],
  };
  return new Document({
    creator: tpl.header.body,
    title: `${tpl.title} ${f.period.label}`,
    styles: { default: { document: { run: { font: FONT, size: BODY } } } },
    sections: [main, appendix, warnings],
  });
}

export async function renderDocx(f: ReportFigures, tpl: ReportTemplate, opts: DocxOptions): Promise<Buffer> {
  return Packer.toBuffer(buildDocument(f, tpl, opts));
}
