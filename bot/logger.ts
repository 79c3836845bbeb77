// pino, JSON in production and pretty in a terminal. Message text never goes to info logs;
// phone numbers, ID numbers and names are redacted wherever they appear as fields.
import pino from 'pino';
import { earlyLogSettings } from './config';

const { level, pretty } = earlyLogSettings();

export const logger = pino({
  level,
  redact: {
    paths: ['*.phone', '*.applicantPhone', '*.applicantName', '*.name', '*.idNumber', '*.text', 'text', 'phone', 'password', '*.password', 'req.headers.authorization', 'req.headers.cookie'],
    censor: '[redacted]',
  },
  transport: pretty ? { target: 'pino-pretty', options: { translateTime: 'SYS:HH:MM:ss' } } : undefined,
});
