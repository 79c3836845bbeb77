// Where each fact of a procedure comes from (issue 20): a fee, a time limit, the place of filing,
// the papers and the legal basis each name a document (number, article, date) or a portal record
// with its address. One zod schema gives the type, the import check and the admin check.
import { z } from 'zod';

/** The facts a citizen acts on, each of which must name its source. */
export const FACTS = ['fees', 'time', 'place', 'documents', 'legalBasis'] as const;
export type Fact = (typeof FACTS)[number];

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'ngày phải có dạng YYYY-MM-DD');

/** One source: a legal text ("Nghị định 23/2015/NĐ-CP", "Điều 5 khoản 6", its date) or a portal record. */
export const sourceRefSchema = z.object({
  /** Number and kind of the text, or the record's name ("Cổng DVC quốc gia, thủ tục 1.001776"). */
  doc: z.string().trim().min(3, 'thiếu số hiệu văn bản').max(300),
  article: z.string().trim().max(200).optional(),
  /** Date the text was issued (or the record was read). */
  date: isoDate.optional(),
  // Web addresses only (zod's url() also accepts javascript: and data:).
  url: z
    .string()
    .trim()
    .url('địa chỉ nguồn không hợp lệ')
    .max(1000)
    .refine((u) => /^https?:\/\//i.test(u), 'địa chỉ nguồn phải bắt đầu bằng http:// hoặc https://')
    .optional(),
  note: z.string().trim().max(500).optional(),
});
export type SourceRef = z.infer<typeof sourceRefSchema>;

/** Sources per fact; a fact left out has no source yet (catalog:check lists it). */
export const factSourcesSchema = z
  .object(Object.fromEntries(FACTS.map((f) => [f, z.array(sourceRefSchema).max(20).optional()])) as Record<Fact, z.ZodOptional<z.ZodArray<typeof sourceRefSchema>>>)
  .strict();
export type FactSources = Partial<Record<Fact, SourceRef[]>>;
