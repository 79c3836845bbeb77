// `npm run admin:create-user -- --role admin --username NAME`: creates an admin web account.
// Asks for the password (twice, hidden), or takes ADMIN_PASSWORD from the environment/.env once,
// for scripts. With PGlite the server must be stopped first (one process at a time).
// Messages: cli:admin.create-user.*, Vietnamese unless --lang en.
import { cliArgsOrExit } from '../../core/cli';
import { configOrExit, databaseOrExit } from '../../models/boot';
import { logger } from '../../core/logger';
import { audit } from '../audit';
import { passwordProblem, PASSWORD_MIN_LENGTH } from '../passwords';
import {
  ADMIN_ROLES, createAdminUser, findUserByUsername, isRole, normalizeUsername, setPassword, USERNAME_PATTERN,
} from '../users';

const { values, t } = await cliArgsOrExit({
  command: 'admin:create-user',
  options: { role: { type: 'string' }, username: { type: 'string' }, name: { type: 'string' }, 'reset-password': { type: 'boolean', default: false } },
  helpValues: { min: PASSWORD_MIN_LENGTH },
});
const username = normalizeUsername(values.username ?? '');
const reset = values['reset-password'];
if (!USERNAME_PATTERN.test(username)) {
  console.error(t('cli:admin.create-user.bad_username'));
  process.exit(2);
}
if (!reset && !isRole(values.role)) {
  console.error(t('cli:admin.create-user.bad_role', { roles: ADMIN_ROLES.join(', ') }));
  process.exit(2);
}

/** Reads a line from the terminal without echoing it. */
function askHidden(question: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const stdin = process.stdin;
    process.stdout.write(question);
    stdin.setRawMode(true);
    stdin.resume();
    stdin.setEncoding('utf8');
    let value = '';
    const onData = (chunk: string) => {
      for (const ch of chunk) {
        if (ch === '\r' || ch === '\n') {
          stdin.setRawMode(false);
          stdin.pause();
          stdin.off('data', onData);
          process.stdout.write('\n');
          return resolve(value);
        }
        if (ch === '\u0003') {
          stdin.setRawMode(false);
          process.stdout.write('\n');
          return reject(new Error('cancelled'));
        }
        if (ch === '\u007f' || ch === '\b') value = value.slice(0, -1);
        else value += ch;
      }
    };
    stdin.on('data', onData);
  });
}

async function readPassword(fromConfig: string | undefined): Promise<string> {
  if (fromConfig) return fromConfig;
  if (!process.stdin.isTTY) {
    console.error(t('cli:admin.create-user.no_terminal'));
    process.exit(2);
  }
  for (;;) {
    const first = await askHidden(t('cli:admin.create-user.password'));
    const problem = passwordProblem(first);
    if (problem) {
      console.error(t('cli:admin.create-user.too_short', { min: PASSWORD_MIN_LENGTH }));
      continue;
    }
    const second = await askHidden(t('cli:admin.create-user.again'));
    if (first === second) return first;
    console.error(t('cli:admin.create-user.differ'));
  }
}

const config = configOrExit();
logger.level = 'warn';
const password = await readPassword(config.ADMIN_PASSWORD);
if (passwordProblem(password)) {
  console.error(t('cli:admin.create-user.env_too_short', { min: PASSWORD_MIN_LENGTH }));
  process.exit(2);
}
const database = await databaseOrExit(config);
let code = 0;
try {
  const existing = await findUserByUsername(database.db, username);
  if (reset) {
    if (!existing) {
      console.error(t('cli:admin.create-user.no_user', { username }));
      code = 1;
    } else {
      await setPassword(database.db, existing.id, password, false);
      await audit(database.db, { actor: 'cli', action: 'user.reset_password', target: username, details: { via: 'cli' } });
      console.log(t('cli:admin.create-user.password_changed', { username }));
    }
  } else if (existing) {
    console.error(t('cli:admin.create-user.exists', { username, role: existing.role }));
    code = 1;
  } else {
    const role = values.role as (typeof ADMIN_ROLES)[number];
    const user = await createAdminUser(database.db, { username, role, password, displayName: values.name });
    await audit(database.db, { actor: 'cli', action: 'user.create', target: user.username, details: { role, via: 'cli' } });
    console.log(t('cli:admin.create-user.created', { role, username: user.username, url: config.PUBLIC_URL ?? `http://localhost:${config.PORT}` }));
  }
} finally {
  await database.close();
}
process.exit(code);
