// Fee rules as data (docs/domain.md §5): the shapes a procedure's fee can take.
// One zod schema gives the type, the import check and the admin API check.
import { z } from 'zod';

const amount = z.number().int().nonnegative();

/** What a rule applies to, shown to citizens ("bản sao", "nộp trực tuyến"…). */
const base = {
  label: z.string().max(200).optional(),
  note: z.string().max(500).optional(),
};

export const feeRuleSchema = z.discriminatedUnion('kind', [
  /** A fixed amount per unit (bản, hồ sơ, người…). */
  z.object({ kind: z.literal('fixed'), amount, unit: z.string().max(40).optional(), ...base }),
  /** Per page with tiers (pages counted on the original) and a cap per copy. */
  z.object({
    kind: z.literal('per_page'),
    tiers: z
      .array(z.object({ from: z.number().int().positive(), to: z.number().int().positive().optional(), amount }))
      .min(1),
    cap: amount.optional(),
    unit: z.string().max(40).optional(),
    ...base,
  }),
  /** Per case (một trường hợp / một hợp đồng), whatever the number of signatures. */
  z.object({ kind: z.literal('per_case'), amount, unit: z.string().max(40).optional(), ...base }),
  /** No fee, possibly only under a condition ("trong 60 ngày kể từ ngày sinh"). */
  z.object({ kind: z.literal('free'), condition: z.string().max(300).optional(), ...base }),
  /** People exempt from the fee. */
  z.object({ kind: z.literal('exempt'), who: z.string().max(300), ...base }),
  /** Set by the provincial People's Council; amount null until the commune fills it in. */
  z.object({ kind: z.literal('province'), amount: amount.nullable(), unit: z.string().max(40).optional(), ...base }),
]);

export type FeeRule = z.infer<typeof feeRuleSchema>;
export const feeRulesSchema = z.array(feeRuleSchema);
