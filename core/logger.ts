// pino, JSON in production and pretty in a terminal. Message text never goes to info logs;
// phone numbers, ID numbers and names are redacted wherever they appear as fields.
import pino from 'pino';
import { earlyLogSettings } from './config';

const { level, pretty } = earlyLogSettings();

// Database errors quote the query's parameters, which hold citizens' messages and phone numbers:
// drop them from every logged error (and its causes).
function scrubError(err: unknown): unknown {
  const o = pino.stdSerializers.err(err as Error) as unknown as Record<string, unknown>;
  const strip = (v: unknown) => (typeof v === 'string' ? v.replace(/\nparams: [\s\S]*?(?=\n\s+at |$)/g, '\nparams: [redacted]') : v);
  const walk = (e: Record<string, unknown> | undefined): Record<string, unknown> | undefined => {
    if (!e || typeof e !== 'object') return e;
    const out: Record<string, unknown> = { ...e, message: strip(e.message), stack: strip(e.stack) };
    delete out.params;
    if (out.cause && typeof out.cause === 'object') out.cause = walk(out.cause as Record<string, unknown>);
    return out;
  };
  return walk(o);
}

export const logger = pino({
  level,
  serializers: { err: scrubError },
  redact: {
    paths: ['*.phone', '*.applicantPhone', '*.applicantName', '*.name', '*.idNumber', '*.text', 'text', 'phone', 'password', '*.password', 'req.headers.authorization', 'req.headers.cookie'],
    censor: '[redacted]',
  },
  transport: pretty ? { target: 'pino-pretty', options: { translateTime: 'SYS:HH:MM:ss' } } : undefined,
});
