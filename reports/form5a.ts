// Form 5a, "Kết quả đánh giá việc giải quyết TTHC": the nine indices of TT 01/2018/TT-VPCP Art. 13
// (2 points each, 18 in all), the total score and rating (Art. 15), and the four satisfaction levels
// with the number of forms (docs/domain.md §2.1). "5a" is the provincial template's name (docs/domain.md §1.3).
import { translator } from '../core/i18n';
import { LEVELS, type ReportFigures, type SatisfactionLevel } from './figures';

export const INDEX_MAX = 2;
export const SCORE_MAX = 18;

/** TT 01/2018 Art. 13, in the order of the form. */
export const INDEX_NAMES = [
  'Tổng thời gian giải quyết TTHC so với thời hạn theo quy định',
  'Thời gian thực hiện của từng cơ quan, đơn vị tham gia giải quyết',
  'Số lần phải liên hệ với nơi tiếp nhận hồ sơ để hoàn thiện hồ sơ',
  'Số cơ quan, đơn vị, tổ chức phải liên hệ để hoàn thiện hồ sơ',
  'Thực hiện tổ chức tiếp nhận hồ sơ, giải quyết, trả kết quả tại Bộ phận Một cửa',
  'Thực hiện công khai TTHC',
  'Thái độ của cán bộ, công chức khi hướng dẫn, tiếp nhận, giải quyết hồ sơ',
  'Tiếp nhận, xử lý phản ánh, kiến nghị',
  'Cung cấp dịch vụ công trực tuyến',
] as const;

/** Levels in the order the reference report lists them. */
export const LEVEL_ORDER: readonly SatisfactionLevel[] = ['rat_hai_long', 'hai_long', 'binh_thuong', 'khong_hai_long'];

export interface Form5a {
  indices: { stt: number; name: string; max: number; score: number | null }[];
  score: number | null;
  rating: string | null;
  forms: number;
  levels: { level: SatisfactionLevel; label: string; count: number; share: number }[];
}

export function form5a(f: ReportFigures): Form5a {
  const t = translator('vi');
  const s = f.satisfaction;
  return {
    indices: INDEX_NAMES.map((name, i) => ({ stt: i + 1, name, max: INDEX_MAX, score: s.indices[i] ?? null })),
    score: s.score,
    rating: s.rating ? t(`reports:ratings.${s.rating}`) : null,
    forms: s.forms,
    levels: (LEVEL_ORDER.length === LEVELS.length ? LEVEL_ORDER : LEVELS).map((l) => ({
      level: l,
      label: t(`reports:levels.${l}`),
      count: s.level_counts[l],
      share: s.levels[l],
    })),
  };
}
