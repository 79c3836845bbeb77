// npm run report -- --period 2024-Q2 [--json] [--out bao-cao.docx] [--xlsx bieu.xlsx] [--date D] [--force]
// Computes the figures of the TTHC-control report (TT 01/2020/TT-VPCP) and writes the documents from
// the period's saved draft (the texts staff wrote in the admin). Messages in Vietnamese: staff read them.
import { existsSync, statSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { pathToFileURL } from 'node:url';
import cliProgress from 'cli-progress';
import { loadConfig, type Config } from '../../core/config';
import { initI18n } from '../../core/i18n';
import { openDatabase, DatabaseBusyError, type Db } from '../../models/db';
import { applyStoredSettings } from '../../models/repos/settings';
import { PeriodError, todayIn, viDate } from '../period';
import { TemplateError } from '../template';
import { blockers, checkDate, loadReport, periodFor, ReportDateError, reportDocx, reportXlsx } from '../service';
import { vn, vn1 } from '../format';

const HELP = `Cách dùng: npm run report -- (--period KỲ | --from YYYY-MM-DD --to YYYY-MM-DD) [tùy chọn]

Tính số liệu báo cáo công tác kiểm soát TTHC (Thông tư 01/2020/TT-VPCP) từ hồ sơ, phản ánh kiến nghị
và phiếu đánh giá trong cơ sở dữ liệu, rồi ghi báo cáo theo bản nháp đã lưu của kỳ (lời văn cán bộ viết
trên trang Báo cáo của trang quản trị). Phần chưa ai xác nhận được in thành ô tô vàng.

Kỳ báo cáo (số liệu từ ngày 15 tháng trước đến ngày 14, biến REPORT_CUTOFF_DAY):
  --period 2024-Q2     quý        (15/03/2024 – 14/06/2024)
  --period 2024-06     tháng      (15/05/2024 – 14/06/2024)
  --period 2024-H1     6 tháng đầu năm (15/12/2023 – 14/06/2024); 2024-H2: 6 tháng cuối năm
  --period 2024-9M     9 tháng    (15/12/2023 – 14/09/2024)
  --period 2024        năm        (15/12/2023 – 14/12/2024)
  --from D --to D      khoảng ngày bất kỳ, tính cả hai ngày

Tùy chọn:
  --json               in số liệu dạng JSON ra stdout
  --out FILE.docx      ghi báo cáo (Word)
  --xlsx FILE.xlsx     ghi biểu 06a và 5a (một tệp Excel, hai trang tính "06a" và "5a")
  --date YYYY-MM-DD    ngày in trên báo cáo (mặc định để trống ngày, tháng cho người ký điền)
  --force              vẫn lập báo cáo khi kỳ chưa kết thúc hoặc không có số liệu (có cảnh báo)
  --lang vi|en         ngôn ngữ của cảnh báo trong JSON (mặc định vi)
  -h, --help           trợ giúp này

Cơ sở dữ liệu: DATABASE_URL (PostgreSQL) hoặc cơ sở dữ liệu nhúng trong DATA_DIR. Cơ sở dữ liệu nhúng
chỉ mở được bởi một chương trình: tắt trợ lý trước, hoặc dùng PostgreSQL.`;

export interface CliIO {
  stdout: (s: string) => void;
  stderr: (s: string) => void;
  /** True on a terminal: show a progress bar instead of a summary line. */
  tty: boolean;
}

const defaultIO: CliIO = {
  stdout: (s) => process.stdout.write(s),
  stderr: (s) => process.stderr.write(s),
  tty: Boolean(process.stderr.isTTY),
};

/** node:util parseArgs errors, said in Vietnamese. */
export function argsError(e: unknown): string {
  const err = e as { code?: string; message: string };
  const name = /'([^']+)'/.exec(err.message)?.[1] ?? '';
  if (err.code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') return `Không có tùy chọn ${name}.`;
  if (err.code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE') return `Tùy chọn ${name.split(' ')[0]} cần một giá trị.`;
  if (err.code === 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL') return `Không hiểu tham số ${name}.`;
  return `Tham số không hợp lệ.`;
}

/** The embedded database is held by another process (DatabaseBusyError), said in Vietnamese. */
export function busyMessage(): string {
  return 'Cơ sở dữ liệu nhúng đang được chương trình khác dùng (trợ lý đang chạy?). Tắt trợ lý trước, hoặc đặt DATABASE_URL để dùng PostgreSQL.';
}

/** A file to write: its folder must exist (a clear message instead of a raw ENOENT). */
function folderProblem(file: string): string | null {
  const dir = path.dirname(path.resolve(file));
  if (!existsSync(dir)) return `Thư mục ${dir} không tồn tại: tạo thư mục trước (mkdir -p ${dir}) hoặc ghi vào thư mục khác.`;
  if (!statSync(dir).isDirectory()) return `${dir} không phải là thư mục.`;
  if (existsSync(file) && statSync(file).isDirectory()) return `${file} là một thư mục: cho tên tệp, ví dụ ${path.join(file, 'bao-cao.docx')}.`;
  return null;
}

async function writeOut(file: string, data: Buffer): Promise<void> {
  try {
    await writeFile(file, data);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new OutputError(
      code === 'EACCES' || code === 'EPERM'
        ? `Không có quyền ghi ${file}. Chọn thư mục khác.`
        : code === 'EBUSY'
          ? `Tệp ${file} đang mở trong chương trình khác: đóng tệp rồi chạy lại.`
          : `Không ghi được ${file} (${code ?? 'lỗi'}).`,
    );
  }
}

class OutputError extends Error {}

/** Runs the command; returns the exit code. `db`, `config` and `today` are injectable for tests. */
export async function runReport(argv: string[], deps: { db?: Db; config?: Config; io?: CliIO; today?: string } = {}): Promise<number> {
  const io = deps.io ?? defaultIO;
  let args;
  try {
    args = parseArgs({
      args: argv,
      options: {
        period: { type: 'string' },
        from: { type: 'string' },
        to: { type: 'string' },
        json: { type: 'boolean', default: false },
        out: { type: 'string' },
        xlsx: { type: 'string' },
        date: { type: 'string' },
        force: { type: 'boolean', default: false },
        lang: { type: 'string', default: 'vi' },
        help: { type: 'boolean', short: 'h', default: false },
      },
      strict: true,
    }).values;
  } catch (e) {
    io.stderr(`${argsError(e)} Xem: npm run report -- --help\n`);
    return 2;
  }
  if (args.help) {
    io.stdout(`${HELP}\n`);
    return 0;
  }
  const config = deps.config ?? loadConfig();
  const lang = args.lang === 'en' ? 'en' : 'vi';
  let period;
  let dateWarning: string | undefined;
  try {
    if (args.period && (args.from || args.to)) throw new PeriodError('chỉ dùng --period hoặc --from/--to, không dùng cả hai');
    if (args.period) period = periodFor(args.period, config);
    else if (args.from && args.to) period = periodFor({ from: args.from, to: args.to }, config);
    else throw new PeriodError('cần kỳ báo cáo: --period 2024-Q2, hoặc --from và --to');
    dateWarning = checkDate(args.date, period).warning;
  } catch (e) {
    if (e instanceof PeriodError) {
      io.stderr(`Kỳ báo cáo không hợp lệ: ${e.message}.\nXem các dạng được chấp nhận: npm run report -- --help\n`);
      return 2;
    }
    if (e instanceof ReportDateError) {
      io.stderr(`--date "${args.date}" không phải ngày có thật. Ghi dạng YYYY-MM-DD, ví dụ --date 2024-06-14, hoặc bỏ --date để để trống ngày cho người ký.\n`);
      return 2;
    }
    throw e;
  }
  for (const file of [args.out, args.xlsx]) {
    const problem = file ? folderProblem(file) : null;
    if (problem) {
      io.stderr(`${problem}\n`);
      return 2;
    }
  }
  if (!args.json && !args.out && !args.xlsx) args.json = true;

  await initI18n();
  const steps = 1 + (args.out ? 1 : 0) + (args.xlsx ? 1 : 0);
  const bar = io.tty ? new cliProgress.SingleBar({ format: 'Báo cáo [{bar}] {value}/{total} {step}', stream: process.stderr }, cliProgress.Presets.shades_classic) : undefined;
  bar?.start(steps, 0, { step: 'số liệu' });
  const started = Date.now();

  let database;
  let db = deps.db;
  try {
    if (!db) {
      database = await openDatabase({ databaseUrl: config.DATABASE_URL, dataDir: config.DATA_DIR });
      await database.migrate();
      db = database.db;
    }
    // The header and signer set in the admin's settings apply here too.
    await applyStoredSettings(db, config);
    const report = await loadReport(db, period, config, { create: false, lang });
    const figures = report.figures;
    const writing = Boolean(args.out || args.xlsx);
    const blocked = blockers(period, figures, deps.today ?? todayIn(config.TZ_DISPLAY));
    const reasons = blocked.map((b) =>
      b.code === 'not_ended'
        ? `kỳ ${period.label.vi} chưa kết thúc (số liệu đến hết ngày ${viDate(b.to)})`
        : `kỳ ${period.label.vi} không có hồ sơ nào (đã nhập dữ liệu hồ sơ chưa? npm run dossiers:import)`,
    );
    if (writing && reasons.length && !args.force) {
      bar?.stop();
      io.stderr(`Không lập báo cáo: ${reasons.join('; ')}.\nNếu vẫn cần bản nháp, chạy lại với --force.\n`);
      return 1;
    }
    if (args.out) {
      await writeOut(args.out, await reportDocx(report, config, args.date));
      bar?.increment(1, { step: 'docx' });
    }
    if (args.xlsx) {
      await writeOut(args.xlsx, await reportXlsx(report, config, args.date));
      bar?.increment(1, { step: 'xlsx' });
    }
    bar?.increment(1, { step: 'xong' });
    bar?.stop();
    if (args.json) io.stdout(`${JSON.stringify(figures, null, 2)}\n`);
    const d = figures.dossiers;
    const s = figures.satisfaction;
    io.stderr(
      `Báo cáo ${period.label.vi} (${viDate(period.from)}–${viDate(period.to)}): nhận giải quyết ${vn(d.received.total)}, ` +
        `đã giải quyết ${vn(d.resolved.total)}, đang giải quyết ${vn(d.in_process.total)}, ` +
        `${vn(s.forms)} phiếu đánh giá (điểm ${s.score === null ? '-' : vn1(s.score)}), ${figures.warnings.length} cảnh báo số liệu` +
        `${args.out ? `; đã ghi ${args.out}` : ''}${args.xlsx ? `; đã ghi ${args.xlsx}` : ''} (${Date.now() - started} ms)\n`,
    );
    for (const r of writing ? reasons : []) io.stderr(`  ! CẢNH BÁO: ${r}; báo cáo lập theo --force, chỉ là bản nháp.\n`);
    if (writing && dateWarning) io.stderr(`  ! CẢNH BÁO: ngày báo cáo ${viDate(args.date!)} trước ngày kết thúc kỳ (${viDate(period.to)}).\n`);
    if (writing) {
      if (report.draft.state === 'approved') io.stderr(`  Bản nháp đã được ${report.draft.approvedBy} phê duyệt: dùng số liệu lúc phê duyệt.\n`);
      else if (!report.draft.saved) io.stderr(`  ! Chưa có bản nháp đã lưu cho kỳ này: lời văn để trống (ô tô vàng). Viết trên trang Báo cáo của trang quản trị.\n`);
      if (report.unconfirmed.length) {
        io.stderr(`  ! ${report.unconfirmed.length} mục chưa xác nhận, in thành ô tô vàng: ${report.unconfirmed.join('; ')}.\n`);
      }
    }
    for (const w of figures.warnings) io.stderr(`  ! ${w.message}\n`);
    return 0;
  } catch (e) {
    bar?.stop();
    if (e instanceof DatabaseBusyError) {
      io.stderr(`${busyMessage()}\n`);
      return 1;
    }
    if (e instanceof TemplateError || e instanceof OutputError) {
      io.stderr(`${e.message}\n`);
      return 1;
    }
    throw e;
  } finally {
    await database?.close();
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  runReport(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (err) => {
      console.error(`Lập báo cáo không thành công: ${err instanceof Error ? err.message : String(err)}`);
      process.exit(1);
    },
  );
}
