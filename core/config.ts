// The one place that reads the environment. Every variable is named, typed and checked here;
// .env.example documents each one. A bad value stops the start with a message naming it.
import { existsSync } from 'node:fs';
import { z } from 'zod';
import dotenv from 'dotenv';

const optionalString = z.string().trim().min(1).optional();
const url = (what: string) =>
  z.string().trim().url({ message: `must be a URL (${what})` });

const ConfigSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  PORT: z.coerce
    .number({ message: 'must be a port number' })
    .int('must be a whole number')
    .min(0, 'must be between 0 and 65535')
    .max(65535, 'must be between 0 and 65535')
    .default(3000),
  HOST: z.string().trim().min(1).default('0.0.0.0'),
  DATA_DIR: z.string().trim().min(1).default('./data'),
  DATABASE_URL: z
    .string()
    .trim()
    .regex(/^postgres(ql)?:\/\/[^\s]+$/, 'must look like postgres://user@host:5432/dbname')
    .optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  DEFAULT_LANGUAGE: z.enum(['vi', 'en']).default('vi'),
  TZ_DISPLAY: z.string().default('Asia/Ho_Chi_Minh'),

  // The commune: shown to citizens and printed on the report.
  COMMUNE_NAME: z.string().trim().min(1).default('UBND xã Hoàng Kim'),
  OFFICE_ADDRESS: z.string().trim().min(1).default('Bộ phận Một cửa, trụ sở UBND xã'),
  OFFICE_PHONE: optionalString,
  OFFICE_HOURS: z
    .string()
    .trim()
    .regex(/^\d{1,2}:\d{2}-\d{1,2}:\d{2}$/, 'must look like 07:30-17:00')
    .default('07:30-17:00'),
  OFFICE_DAYS: z
    .string()
    .trim()
    .regex(/^[1-7](,[1-7])*$/, 'must be ISO weekday numbers like 1,2,3,4,5')
    .default('1,2,3,4,5'),
  // Answer deadline of a PAKN per kind, in working days (docs/domain.md §3.1: not fixed by law, confirm
  // with the district). Kinds: quy_dinh, giai_quyet, kien_nghi, khac, ho_tro (support request).
  FEEDBACK_DUE_DAYS: z
    .string()
    .trim()
    .regex(/^[a-z_]+=\d{1,3}(,[a-z_]+=\d{1,3})*$/, 'must look like quy_dinh=10,giai_quyet=5')
    .default('quy_dinh=10,giai_quyet=5,kien_nghi=10,khac=10,ho_tro=1'),

  // Platform webhooks (Zalo, Messenger, Telegram), per instance: messages handled per signed user id per
  // minute (a person types a few; more is a flood: acknowledged, not handled), and events accepted per
  // second per platform before the webhook answers 503 (the platform delivers again later).
  WEBHOOK_USER_RATE_PER_MINUTE: z.coerce.number().int().min(1).default(30),
  WEBHOOK_GLOBAL_RATE_PER_SECOND: z.coerce.number().int().min(1).default(500),

  // Web chat.
  // Messages per minute per web chat identity, and per source address (messages plus new identities:
  // a commune's shared Wi-Fi puts many citizens behind one address, so it is generous).
  WEBCHAT_RATE_PER_MINUTE: z.coerce.number().int().min(1).default(60),
  WEBCHAT_IP_RATE_PER_MINUTE: z.coerce.number().int().min(1).default(300),
  // Key that signs web chat identities (HMAC-SHA256). Unset: one is made at start, with a warning, and
  // every open chat gets a new identity after a restart.
  WEBCHAT_SECRET: z.string().trim().min(32, 'must be at least 32 characters (openssl rand -hex 32)').optional(),
  MAX_MESSAGE_LENGTH: z.coerce.number().int().min(100).default(4000),
  // Sites that may embed the chat with the widget (CSP frame-ancestors), e.g. "https://hoangkim.gov.vn".
  WEBCHAT_EMBED_ORIGINS: z.string().trim().regex(/^[^;,\r\n]+$/, 'must be origins separated by spaces, e.g. https://xa.gov.vn').default('*'),

  // API key for systems that push dossier updates (POST /api/dossiers).
  DOSSIER_API_KEY: optionalString,

  // Admin web.
  ADMIN_PASSWORD: optionalString,
  ADMIN_SESSION_IDLE_MINUTES: z.coerce.number().int().min(1).default(30),
  // Seconds between two checks of the inbox by each open admin page (live count in the title).
  ADMIN_LIVE_POLL_SECONDS: z.coerce.number().int().min(1).max(600).default(15),
  // Telegram group of the staff told about each new PAKN and "gặp cán bộ" request (initial value;
  // editable in the admin's settings). The bot must be a member of the group.
  STAFF_TELEGRAM_CHAT_ID: z.string().trim().regex(/^-?\d{1,20}$/, 'must be a Telegram chat id like -1001234567890').optional(),
  TRUST_PROXY: z.enum(['true', 'false']).default('false').transform((v) => v === 'true'),

  // Platform channels: a channel is on when its credentials are set.
  PUBLIC_URL: z.string().trim().url({ message: 'must be a URL like https://bot.example.gov.vn' }).optional(),
  ZALO_APP_ID: optionalString,
  ZALO_APP_SECRET: optionalString,
  ZALO_OA_SECRET_KEY: optionalString,
  ZALO_ACCESS_TOKEN: optionalString,
  ZALO_REFRESH_TOKEN: optionalString,
  ZALO_API_BASE: url('Zalo OA API base').default('https://openapi.zalo.me'),
  ZALO_OAUTH_BASE: url('Zalo OAuth base').default('https://oauth.zaloapp.com'),
  FB_APP_SECRET: optionalString,
  FB_PAGE_ACCESS_TOKEN: optionalString,
  FB_VERIFY_TOKEN: optionalString,
  FB_GRAPH_BASE: url('Facebook Graph base').default('https://graph.facebook.com'),
  FB_GRAPH_VERSION: z.string().trim().regex(/^v\d+\.\d+$/, 'must look like v25.0').default('v25.0'),
  TELEGRAM_BOT_TOKEN: optionalString,
  TELEGRAM_WEBHOOK_SECRET: z
    .string()
    .trim()
    .regex(/^[A-Za-z0-9_-]{1,256}$/, 'must be 1-256 characters of A-Z a-z 0-9 _ -')
    .optional(),
  TELEGRAM_API_BASE: url('Telegram Bot API base').default('https://api.telegram.org'),

  // Scheduled jobs (node-cron syntax, Asia/Ho_Chi_Minh).
  WEEKLY_PUBLICATION_CRON: z.string().trim().min(9).default('0 8 * * 1'),
  // Zalo bulletins beyond the free 48 h window (billable promotion messages), per publication; 0 = none.
  ZALO_PUBLICATION_PAID_QUOTA: z.coerce.number().int().min(0).default(0),
  // Billable Zalo messages per calendar month, every kind together (dossier results, staff answers after
  // 48 h, bulletins beyond 48 h). A verified OA gets 1,000 proactive messages a month (docs/channels.md).
  ZALO_PAID_QUOTA_PER_MONTH: z.coerce.number().int().min(0).default(1000),
  // Seconds a publication delivery may stay 'sending' before another instance retries it.
  PUBLICATION_LEASE_SECONDS: z.coerce.number().int().min(1).default(120),
  // Seconds a stored webhook event may stay claimed, not done, before it is handled again (a dead process's).
  INBOUND_LEASE_SECONDS: z.coerce.number().int().min(1).default(60),
  // Seconds a reply or notification may stay 'sending' before it is sent again (a dead process's).
  OUTBOUND_LEASE_SECONDS: z.coerce.number().int().min(1).default(120),
  JOBS_ENABLED: z.enum(['true', 'false']).default('true').transform((v) => v === 'true'),

  // Operations: GET /metrics (bearer token; unset → local requests only) and the nightly backup
  // (unset BACKUP_DIR → DATA_DIR/backups; keeps the newest BACKUP_KEEP files, 0 = all).
  METRICS_TOKEN: z.string().trim().min(16, 'must be at least 16 characters (openssl rand -hex 24)').optional(),
  BACKUP_DIR: optionalString,
  BACKUP_CRON: z.string().trim().min(9).default('30 1 * * *'),
  BACKUP_KEEP: z.coerce.number().int().min(0).default(14),
  BACKUP_BEFORE_MIGRATION: z.enum(['true', 'false']).default('true').transform((v) => v === 'true'),

  // Quarterly report (reports/): first day of a period's data (NĐ 09/2019 Art. 12: the 15th of the
  // month before; 1 = calendar months), and the narrative template the commune edits.
  REPORT_CUTOFF_DAY: z.coerce.number().int().min(1, 'must be 1–28').max(28, 'must be 1–28').default(15),
  REPORT_TEMPLATE: z.string().trim().min(1).default('./data/report-template.json'),
  // Printed on the report; editable in the admin's settings (models/repos/settings.ts). Unset: no parent
  // body (district UBNDs were abolished on 1/7/2025); the place of the date line is COMMUNE_NAME without
  // "UBND xã"; the signer is "TM. ỦY BAN NHÂN DÂN / CHỦ TỊCH" (NĐ 30/2020: authority, title, name).
  REPORT_PARENT_BODY: optionalString,
  REPORT_PLACE: optionalString,
  REPORT_SIGNER_AUTHORITY: optionalString,
  REPORT_SIGNER_TITLE: optionalString,
  REPORT_SIGNER_NAME: optionalString,
});

export type Config = z.infer<typeof ConfigSchema>;

export class ConfigError extends Error {
  constructor(readonly issues: { variable: string; problem: string }[]) {
    super(
      'Invalid configuration:\n' +
        issues.map((i) => `  ${i.variable}: ${i.problem}`).join('\n') +
        '\nFix the variable (see .env.example) and start again.',
    );
    this.name = 'ConfigError';
  }
}

/** Parses a set of variables; throws ConfigError naming every bad variable. */
export function parseConfig(env: Record<string, string | undefined>): Config {
  // Empty strings count as unset, as in most .env files.
  const cleaned: Record<string, string> = {};
  for (const [k, v] of Object.entries(env)) if (v !== undefined && v !== '') cleaned[k] = v;
  const result = ConfigSchema.safeParse(cleaned);
  if (!result.success) {
    throw new ConfigError(
      result.error.issues.map((i) => ({
        variable: String(i.path[0] ?? '?'),
        problem: `${i.message} (got ${JSON.stringify(cleaned[String(i.path[0])] ?? null)})`,
      })),
    );
  }
  return result.data;
}

/** Where backups go: BACKUP_DIR, or DATA_DIR/backups. */
export function backupDir(config: Config): string {
  return config.BACKUP_DIR ?? `${config.DATA_DIR.replace(/\/+$/, '')}/backups`;
}

/**
 * Checks one variable's value by the same rules as at start-up (settings edited in the admin).
 * An empty value means unset: the default, or nothing for an optional variable.
 */
export function parseConfigValue<K extends keyof Config>(key: K, raw: string): { ok: true; value: Config[K] } | { ok: false; problem: string } {
  const field = ConfigSchema.shape[key];
  const result = field.safeParse(raw.trim() === '' ? undefined : raw);
  if (result.success) return { ok: true, value: result.data as Config[K] };
  return { ok: false, problem: result.error.issues[0]?.message ?? 'invalid' };
}

let loaded: Config | undefined;

/** Loads .env when present, then the process environment (which wins). */
export function loadConfig(): Config {
  if (loaded) return loaded;
  if (existsSync('.env')) dotenv.config({ path: '.env', quiet: true });
  loaded = parseConfig(process.env);
  return loaded;
}

/** Log settings known before the configuration is validated (tests are silent unless asked). */
export function earlyLogSettings(): { level: string; pretty: boolean } {
  const inTest = Boolean(process.env.VITEST) || process.env.NODE_ENV === 'test';
  return {
    level: process.env.LOG_LEVEL ?? (inTest ? 'silent' : 'info'),
    pretty: Boolean(process.stdout.isTTY) && !inTest,
  };
}
