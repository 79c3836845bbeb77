// npm run ratings:import -- FILE.csv|FILE.xlsx [--dry-run] [--skip-invalid]
// Imports satisfaction forms (paper forms typed in, kiosk exports). One rating per dossier: a dossier
// already rated keeps its first rating. Each form is checked against the dossiers; a file with a bad
// line is refused whole unless --skip-invalid, and a bad line is never counted. Messages in Vietnamese.
import { parseArgs } from 'node:util';
import { pathToFileURL } from 'node:url';
import cliProgress from 'cli-progress';
import { loadConfig, type Config } from '../../core/config';
import { openDatabase, DatabaseBusyError, type Db } from '../../models/db';
import { importRatings } from '../../models/repos/ratings';
import { checkAgainstDossiers, parseRatingsFile, RATING_HEADERS } from '../ratings-import';
import { todayIn } from '../period';
import { argsError, busyMessage, type CliIO } from './report';

const HELP = `Cách dùng: npm run ratings:import -- TỆP [--dry-run] [--skip-invalid]

Nhập phiếu đánh giá việc giải quyết TTHC (Thông tư 01/2018/TT-VPCP) từ tệp .csv hoặc .xlsx, dòng đầu có
các cột:
  ${RATING_HEADERS.join(', ')}
chi_so_N: 0, 1 hoặc 2 điểm (để trống = không có dữ liệu); ngay_danh_gia: YYYY-MM-DD hoặc DD/MM/YYYY
(phiếu tính vào kỳ báo cáo của ngày này); muc_do: rat_hai_long | hai_long | binh_thuong | khong_hai_long.
Mỗi hồ sơ chỉ một phiếu: hồ sơ đã có phiếu thì giữ phiếu cũ.

Mỗi phiếu được đối chiếu với dữ liệu hồ sơ: phiếu của hồ sơ không có trong dữ liệu, phiếu ghi ngày trước
ngày tiếp nhận hồ sơ, phiếu ghi ngày trong tương lai đều là dòng lỗi. Có dòng lỗi thì không nhập phiếu
nào (sửa rồi nhập lại), trừ khi dùng --skip-invalid: khi đó bỏ qua các dòng lỗi, không tính vào báo cáo.

Tùy chọn:
  --dry-run        chỉ kiểm tra, không ghi gì
  --skip-invalid   nhập các dòng đúng, bỏ qua các dòng lỗi
  -h, --help       trợ giúp này

Cơ sở dữ liệu: DATABASE_URL (PostgreSQL) hoặc cơ sở dữ liệu nhúng trong DATA_DIR (tắt trợ lý trước).`;

const MAX_ERRORS_SHOWN = 20;

export async function runRatingsImport(argv: string[], deps: { db?: Db; config?: Config; io?: CliIO; today?: string } = {}): Promise<number> {
  const io = deps.io ?? { stdout: (s) => process.stdout.write(s), stderr: (s) => process.stderr.write(s), tty: Boolean(process.stderr.isTTY) };
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        'dry-run': { type: 'boolean', default: false },
        'skip-invalid': { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false },
      },
    });
  } catch (e) {
    io.stderr(`${argsError(e)} Xem: npm run ratings:import -- --help\n`);
    return 2;
  }
  if (parsed.values.help) {
    io.stdout(`${HELP}\n`);
    return 0;
  }
  const file = parsed.positionals[0];
  if (!file) {
    io.stderr(`Cần tên tệp phiếu đánh giá. Xem: npm run ratings:import -- --help\n`);
    return 2;
  }
  let fileData;
  try {
    fileData = await parseRatingsFile(file);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    io.stderr(`${file}: ${code === 'ENOENT' ? 'không tìm thấy tệp' : (e as Error).message}\n`);
    return 1;
  }

  const config = deps.config ?? loadConfig();
  const skip = parsed.values['skip-invalid'];
  let database;
  let db = deps.db;
  try {
    if (!db) {
      database = await openDatabase({ databaseUrl: config.DATABASE_URL, dataDir: config.DATA_DIR });
      await database.migrate();
      db = database.db;
    }
    const data = await checkAgainstDossiers(db, fileData, deps.today ?? todayIn(config.TZ_DISPLAY));
    for (const err of data.errors.slice(0, MAX_ERRORS_SHOWN)) io.stderr(`  dòng ${err.line}: ${err.message}\n`);
    if (data.errors.length > MAX_ERRORS_SHOWN) io.stderr(`  … và ${data.errors.length - MAX_ERRORS_SHOWN} dòng lỗi khác\n`);
    const summary = `${data.ratings.length} phiếu hợp lệ, ${data.errors.length} dòng lỗi, ${data.repeated} dòng trùng hồ sơ trong tệp`;
    if (parsed.values['dry-run']) {
      io.stdout(`Đã kiểm tra ${file}: ${summary}. Không ghi gì (--dry-run).\n`);
      return data.errors.length ? 1 : 0;
    }
    if (data.errors.length && !skip) {
      io.stderr(`Không nhập phiếu nào từ ${file}: ${data.errors.length} dòng lỗi. Sửa các dòng trên rồi nhập lại, hoặc thêm --skip-invalid để bỏ qua các dòng lỗi.\n`);
      return 1;
    }
    const bar = io.tty ? new cliProgress.SingleBar({ format: 'Phiếu [{bar}] {value}/{total}', stream: process.stderr }, cliProgress.Presets.shades_classic) : undefined;
    bar?.start(data.ratings.length, 0);
    const result = await importRatings(db, data.ratings, (done) => bar?.update(done));
    bar?.stop();
    io.stdout(
      `Đã nhập ${result.inserted} phiếu từ ${file}; ${result.duplicates} hồ sơ đã có phiếu (giữ phiếu cũ), ` +
        `${data.repeated} dòng trùng hồ sơ trong tệp, ${data.errors.length} dòng lỗi bỏ qua (không tính vào báo cáo).\n`,
    );
    return 0;
  } catch (e) {
    if (e instanceof DatabaseBusyError) {
      io.stderr(`${busyMessage()}\n`);
      return 1;
    }
    throw e;
  } finally {
    await database?.close();
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  runRatingsImport(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (err) => {
      console.error(`Nhập phiếu đánh giá không thành công: ${err instanceof Error ? err.message : String(err)}`);
      process.exit(1);
    },
  );
}
