// Tests of sends that Zalo's night rule would hold (22:00–06:00 in Vietnam, bot/channels/zalo/policy.ts)
// run at a Vietnam daytime hour, whatever the hour the suite runs at: only Date is faked, and it keeps
// ticking, so timers, the database and the fake servers behave as usual.
import { vi } from 'vitest';

const VIETNAM_UTC_OFFSET_HOURS = 7;
const DAY_FROM = 8; // 08:00 in Vietnam
const DAY_TO = 20; // 20:00

/** Runs fn with the clock moved forward, if needed, to the next 10:00 in Vietnam. */
export async function atVietnamDaytime<T>(fn: () => Promise<T>): Promise<T> {
  const now = Date.now();
  const hour = (new Date(now).getUTCHours() + VIETNAM_UTC_OFFSET_HOURS) % 24;
  if (hour >= DAY_FROM && hour < DAY_TO) return fn();
  const hoursToTen = (10 - hour + 24) % 24;
  const target = now + hoursToTen * 3_600_000 - (now % 3_600_000);
  vi.useFakeTimers({ toFake: ['Date'], shouldAdvanceTime: true });
  vi.setSystemTime(target);
  try {
    return await fn();
  } finally {
    vi.useRealTimers();
  }
}
