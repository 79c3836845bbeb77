// `npm run admin:create-user -- --role admin --username NAME`: creates an admin web account.
// Asks for the password (twice, hidden), or takes ADMIN_PASSWORD from the environment/.env once,
// for scripts. With PGlite the server must be stopped first (one process at a time).
import { parseArgs } from 'node:util';
import { configOrExit, databaseOrExit } from '../../models/boot';
import { logger } from '../../core/logger';
import { audit } from '../audit';
import { passwordProblem, PASSWORD_MIN_LENGTH } from '../passwords';
import {
  ADMIN_ROLES, createAdminUser, findUserByUsername, isRole, normalizeUsername, setPassword, USERNAME_PATTERN,
} from '../users';

const HELP = `Usage: npm run admin:create-user -- --role admin|staff|official --username NAME [--name "Họ tên"] [--reset-password]

Creates an account for the admin web (/admin).
  --role            admin (users, settings), staff (inbox, dossiers, catalog), official (approves, reports)
  --username        3-64 characters: a-z 0-9 . _ -
  --name            display name (optional)
  --reset-password  the user exists: set a new password instead (they keep their role)

The password is asked for twice without echo. For scripts, set ADMIN_PASSWORD (environment or .env);
it is read once and never printed. Passwords need at least ${PASSWORD_MIN_LENGTH} characters.
With the embedded database (no DATABASE_URL) stop the server first.`;

let values;
try {
  ({ values } = parseArgs({
    options: {
      role: { type: 'string' }, username: { type: 'string' }, name: { type: 'string' },
      'reset-password': { type: 'boolean', default: false }, help: { type: 'boolean', short: 'h' },
    },
  }));
} catch (e) {
  console.error(`${(e as Error).message}\n\n${HELP}`);
  process.exit(2);
}
if (values.help) {
  console.log(HELP);
  process.exit(0);
}
const username = normalizeUsername(values.username ?? '');
const reset = values['reset-password'];
if (!USERNAME_PATTERN.test(username)) {
  console.error(`--username is missing or not valid (3-64 characters: a-z 0-9 . _ -).\n\n${HELP}`);
  process.exit(2);
}
if (!reset && !isRole(values.role)) {
  console.error(`--role must be one of ${ADMIN_ROLES.join(', ')}.\n\n${HELP}`);
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
    console.error('No terminal to ask for the password: set ADMIN_PASSWORD for this run (it is read once, never printed).');
    process.exit(2);
  }
  for (;;) {
    const first = await askHidden('Mật khẩu / Password: ');
    const problem = passwordProblem(first);
    if (problem) {
      console.error(`Password needs ${PASSWORD_MIN_LENGTH}-128 characters. Try again.`);
      continue;
    }
    const second = await askHidden('Nhập lại / Again: ');
    if (first === second) return first;
    console.error('The two passwords differ. Try again.');
  }
}

const config = configOrExit();
logger.level = 'warn';
const password = await readPassword(config.ADMIN_PASSWORD);
if (passwordProblem(password)) {
  console.error(`ADMIN_PASSWORD needs ${PASSWORD_MIN_LENGTH}-128 characters.`);
  process.exit(2);
}
const database = await databaseOrExit(config);
let code = 0;
try {
  const existing = await findUserByUsername(database.db, username);
  if (reset) {
    if (!existing) {
      console.error(`No user "${username}". Leave out --reset-password to create it.`);
      code = 1;
    } else {
      await setPassword(database.db, existing.id, password, false);
      await audit(database.db, { actor: 'cli', action: 'user.reset_password', target: username, details: { via: 'cli' } });
      console.log(`Password of "${username}" changed; their open sessions were ended.`);
    }
  } else if (existing) {
    console.error(`User "${username}" already exists (role ${existing.role}). Use --reset-password to set a new password.`);
    code = 1;
  } else {
    const role = values.role as (typeof ADMIN_ROLES)[number];
    const user = await createAdminUser(database.db, { username, role, password, displayName: values.name });
    await audit(database.db, { actor: 'cli', action: 'user.create', target: user.username, details: { role, via: 'cli' } });
    console.log(`Created ${role} "${user.username}". Sign in at ${config.PUBLIC_URL ?? `http://localhost:${config.PORT}`}/admin/`);
  }
} finally {
  await database.close();
}
process.exit(code);
