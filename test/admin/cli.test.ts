// `npm run admin:create-user` as a user runs it, and the start-up hint when no admin exists.
import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runScript, ROOT } from '../helpers/process';
import { openTestDatabase, type TestDatabase } from '../helpers/db';
import { openDatabase } from '../../models/db';
import { findUserByUsername } from '../../admin/users';
import { verifyPassword } from '../../admin/passwords';

// With PostgreSQL the CLI uses this file's own database; with PGlite a fresh data folder.
let pgDb: TestDatabase | undefined;
const dataDir = mkdtempSync(path.join(tmpdir(), 'admin-cli-'));
let env: Record<string, string | undefined>;

beforeAll(async () => {
  if (process.env.DATABASE_URL) pgDb = await openTestDatabase();
  env = { DATA_DIR: dataDir, DATABASE_URL: pgDb?.url, ADMIN_PASSWORD: undefined, LOG_LEVEL: 'warn' };
});
afterAll(async () => {
  await pgDb?.close();
});

async function withDb<T>(fn: (db: Awaited<ReturnType<typeof openDatabase>>['db']) => Promise<T>): Promise<T> {
  const database = await openDatabase({ databaseUrl: pgDb?.url, dataDir: pgDb ? undefined : dataDir });
  try {
    return await fn(database.db);
  } finally {
    await database.close();
  }
}

describe('admin:create-user', { timeout: 90_000 }, () => {
  it('prints help, and refuses bad arguments with the reason', async () => {
    const help = await runScript('admin/cli/create-user.ts', ['--help'], { env });
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('Tạo tài khoản cho trang quản trị');
    expect(help.stdout).toContain('ít nhất 8 ký tự');
    const bad = await runScript('admin/cli/create-user.ts', ['--role', 'boss', '--username', 'lan'], { env });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--role phải là một trong admin, staff, official. Xem cách dùng: npm run admin:create-user -- --help');
    const badEn = await runScript('admin/cli/create-user.ts', ['--role', 'boss', '--username', 'lan', '--lang', 'en'], { env });
    expect(badEn.code).toBe(2);
    expect(badEn.stderr).toContain('--role must be one of admin, staff, official');
  });

  it('asks for ADMIN_PASSWORD when there is no terminal', async () => {
    const r = await runScript('admin/cli/create-user.ts', ['--role', 'admin', '--username', 'boss'], { env });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('đặt ADMIN_PASSWORD cho lần chạy này');
  });

  it('creates an admin with an argon2id hash, refuses a duplicate, resets the password', async () => {
    const r = await runScript('admin/cli/create-user.ts', ['--role', 'admin', '--username', 'Boss', '--name', 'Chủ tịch'], {
      env: { ...env, ADMIN_PASSWORD: 'mat-khau-dau-tien' }, timeoutMs: 120_000,
    });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Đã tạo tài khoản admin "boss"');
    expect(r.stdout + r.stderr).not.toContain('mat-khau-dau-tien');
    await withDb(async (db) => {
      const u = (await findUserByUsername(db, 'boss'))!;
      expect(u).toMatchObject({ role: 'admin', displayName: 'Chủ tịch', disabled: false });
      expect(u.passwordHash).toMatch(/^\$argon2id\$/);
      expect(await verifyPassword(u.passwordHash, 'mat-khau-dau-tien')).toBe(true);
    });
    const again = await runScript('admin/cli/create-user.ts', ['--role', 'staff', '--username', 'boss'], {
      env: { ...env, ADMIN_PASSWORD: 'mat-khau-khac-1' }, timeoutMs: 120_000,
    });
    expect(again.code).toBe(1);
    expect(again.stderr).toContain('Người dùng "boss" đã có (vai trò admin). Dùng --reset-password');
    const reset = await runScript('admin/cli/create-user.ts', ['--username', 'boss', '--reset-password'], {
      env: { ...env, ADMIN_PASSWORD: 'mat-khau-thu-hai' }, timeoutMs: 120_000,
    });
    expect(reset.code).toBe(0);
    await withDb(async (db) => {
      const u = (await findUserByUsername(db, 'boss'))!;
      expect(await verifyPassword(u.passwordHash, 'mat-khau-thu-hai')).toBe(true);
    });
  }, 180_000);
});

describe('start-up log', () => {
  it('says how to create the first admin when none exists', async () => {
    const emptyDir = mkdtempSync(path.join(tmpdir(), 'admin-start-'));
    let separate: TestDatabase | undefined;
    if (process.env.DATABASE_URL) separate = await openTestDatabase();
    const child = spawn(path.join(ROOT, 'node_modules', '.bin', 'tsx'), [path.join(ROOT, 'bot/main.ts')], {
      cwd: ROOT,
      env: { ...process.env, VITEST: undefined, PORT: '0', HOST: '127.0.0.1', DATA_DIR: emptyDir, DATABASE_URL: separate?.url ?? '', LOG_LEVEL: 'info', JOBS_ENABLED: 'false', NODE_ENV: 'production' } as NodeJS.ProcessEnv,
    });
    let out = '';
    try {
      await new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no hint within 90 s:\n${out}`)), 90_000);
        const onData = (d: Buffer) => {
          out += d.toString();
          if (out.includes('admin:create-user')) {
            clearTimeout(timer);
            resolve();
          }
        };
        child.stdout.on('data', onData);
        child.stderr.on('data', onData);
        child.on('exit', () => {
          clearTimeout(timer);
          reject(new Error(`server exited:\n${out}`));
        });
      });
      expect(out).toContain('No admin account yet');
      expect(out).toContain('npm run admin:create-user -- --role admin --username NAME');
    } finally {
      child.removeAllListeners('exit');
      child.kill('SIGTERM');
      await new Promise((r) => child.once('close', r));
      await separate?.close();
    }
  }, 120_000);
});
