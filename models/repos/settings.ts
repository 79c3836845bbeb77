// Settings staff change in the admin, stored in app_settings. The environment (core/config.ts)
// gives the initial value; a stored value replaces it in the running configuration object, which
// handlers read at each message, so a change applies at once in this process (other instances
// apply it at their next start). Values are checked by the same rules as the environment.
import { inArray, sql } from 'drizzle-orm';
import { parseConfigValue, type Config } from '../../core/config';
import { logger } from '../../core/logger';
import type { Db } from '../db';
import { appSettings } from '../schema/daily';

/** The variables editable in the admin, by group (the settings page shows them in this order). */
export const EDITABLE_SETTINGS = {
  profile: ['COMMUNE_NAME', 'OFFICE_ADDRESS', 'OFFICE_PHONE'],
  hours: ['OFFICE_HOURS', 'OFFICE_DAYS'],
  report: ['REPORT_PARENT_BODY', 'REPORT_PLACE', 'REPORT_SIGNER_AUTHORITY', 'REPORT_SIGNER_TITLE', 'REPORT_SIGNER_NAME'],
  publication: ['WEEKLY_PUBLICATION_CRON'],
  staff: ['STAFF_TELEGRAM_CHAT_ID'],
} as const satisfies Record<string, readonly (keyof Config)[]>;

export type SettingKey = (typeof EDITABLE_SETTINGS)[keyof typeof EDITABLE_SETTINGS][number];
export const SETTING_KEYS: readonly SettingKey[] = Object.values(EDITABLE_SETTINGS).flat();
// Longest value accepted for any setting (names and addresses of a commune fit easily).
export const MAX_SETTING_LENGTH = 300;

type Listener = (changed: SettingKey[], config: Config) => void | Promise<void>;
const listeners = new Set<Listener>();

/** Called after settings were saved, with the configuration they apply to (e.g. to reschedule the weekly publication). Returns "off". */
export function onSettingsChanged(fn: Listener): () => void {
  listeners.add(fn);
  return () => listeners.delete(fn);
}

export interface SettingProblem {
  key: SettingKey;
  problem: string;
}

/** Applies the stored settings to the configuration (at start-up). A bad stored value is skipped. */
export async function applyStoredSettings(db: Db, config: Config): Promise<void> {
  const rows = await db.select().from(appSettings).where(inArray(appSettings.key, [...SETTING_KEYS]));
  for (const row of rows) {
    const key = row.key as SettingKey;
    const parsed = parseConfigValue(key, typeof row.value === 'string' ? row.value : '');
    if (parsed.ok) (config as Record<string, unknown>)[key] = parsed.value;
    else logger.warn({ key, problem: parsed.problem }, 'stored setting ignored (invalid)');
  }
}

/** Which settings were changed in the admin (the others come from the environment). */
export async function storedSettingKeys(db: Db): Promise<Set<string>> {
  const rows = await db.select({ key: appSettings.key }).from(appSettings);
  return new Set(rows.map((r) => r.key));
}

/**
 * Checks every value; saves and applies them only when all are valid (nothing half-saved).
 * `extraCheck` adds rules the environment check does not know (e.g. a cron expression).
 */
export async function saveSettings(
  db: Db,
  config: Config,
  values: Partial<Record<SettingKey, string>>,
  by: string,
  extraCheck?: (key: SettingKey, value: unknown) => string | null,
): Promise<{ ok: true; changed: SettingKey[] } | { ok: false; problems: SettingProblem[] }> {
  const problems: SettingProblem[] = [];
  const parsed: [SettingKey, unknown, string][] = [];
  for (const key of SETTING_KEYS) {
    const raw = values[key];
    if (raw === undefined) continue;
    if (raw.length > MAX_SETTING_LENGTH) {
      problems.push({ key, problem: `at most ${MAX_SETTING_LENGTH} characters` });
      continue;
    }
    const r = parseConfigValue(key, raw);
    if (!r.ok) {
      problems.push({ key, problem: r.problem });
      continue;
    }
    const extra = extraCheck?.(key, r.value);
    if (extra) problems.push({ key, problem: extra });
    else parsed.push([key, r.value, raw.trim()]);
  }
  if (problems.length) return { ok: false, problems };
  const changed = parsed.filter(([key, value]) => (config as Record<string, unknown>)[key] !== value);
  if (!changed.length) return { ok: true, changed: [] };
  await db.transaction(async (tx) => {
    for (const [key, , raw] of changed) {
      await tx
        .insert(appSettings)
        .values({ key, value: raw, updatedBy: by })
        .onConflictDoUpdate({ target: appSettings.key, set: { value: raw, updatedBy: by, updatedAt: sql`now()` } });
    }
  });
  for (const [key, value] of changed) (config as Record<string, unknown>)[key] = value;
  const keys = changed.map(([k]) => k);
  for (const fn of listeners) {
    try {
      await fn(keys, config);
    } catch (err) {
      logger.error({ err, keys }, 'settings listener failed');
    }
  }
  return { ok: true, changed: keys };
}
