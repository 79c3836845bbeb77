// Server-side rendering: eta templates from admin/views, wrapped in the layout (menu filtered by
// role, flash messages, the CSRF field). No front-end build step; one small CSS file.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Request, Response } from 'express';
import { Eta } from 'eta';
import type { TFunction } from 'i18next';
import i18next from 'i18next';
import type { Db } from '../models/db';
import { takeFlash, type Flash } from './sessions';
import type { AdminPage, RenderOptions } from './types';
import { VN_TIME_ZONE } from '../core/clock';

export const VIEWS_DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), 'views');
export const ADMIN_BASE = '/admin';
const TIME_ZONE = VN_TIME_ZONE;

// Templates are compiled once per process (edit a view → restart the server).
const eta = new Eta({ views: VIEWS_DIR, cache: true, autoEscape: true });

export function adminT(lang: 'vi' | 'en'): TFunction {
  return i18next.getFixedT(lang, 'admin');
}

const dateTimeFmt = new Intl.DateTimeFormat('vi-VN', {
  timeZone: TIME_ZONE, day: '2-digit', month: '2-digit', year: 'numeric', hour: '2-digit', minute: '2-digit',
});
const dateFmt = new Intl.DateTimeFormat('vi-VN', { timeZone: TIME_ZONE, day: '2-digit', month: '2-digit', year: 'numeric' });
const numberFmt = new Intl.NumberFormat('vi-VN');

/** Helpers every view gets as `it.h`. */
export const viewHelpers = {
  dateTime: (d: Date | string | null | undefined) => (d ? dateTimeFmt.format(new Date(d)) : ''),
  date: (d: Date | string | null | undefined) => (d ? dateFmt.format(new Date(d)) : ''),
  number: (n: number | null | undefined) => (n == null ? '' : numberFmt.format(n)),
  /** Vietnamese amount: 200.000 đồng. */
  money: (n: number | null | undefined) => (n == null ? '' : `${numberFmt.format(n)} đồng`),
  url: (p: string) => ADMIN_BASE + p,
  json: (v: unknown) => JSON.stringify(v),
};

/**
 * Whether a role may open an admin path ('/inbox?overdue=1'): the page whose menu path is the
 * longest prefix of it lists the role. Links to pages a role would be refused are not shown.
 */
export function roleCanOpen(pages: readonly AdminPage[], role: string, href: string): boolean {
  const p = href.split('?')[0]!;
  let best: { path: string; roles: readonly string[] } | undefined;
  for (const page of pages) {
    const n = page.nav;
    if (!n) continue;
    const match = n.path === '/' ? p === '/' : p === n.path || p.startsWith(n.path + '/');
    if (match && (!best || n.path.length > best.path.length)) best = n;
  }
  return !!best && best.roles.includes(role);
}

export interface LayoutInput {
  req: Request;
  res: Response;
  view: string;
  data: Record<string, unknown>;
  opts: RenderOptions;
  pages: readonly AdminPage[];
  db: Db;
  /** CSRF token for forms; the login page uses the pre-login cookie token. */
  csrfToken: string;
  lang: 'vi' | 'en';
  communeName: string;
  /** Milliseconds between live inbox checks (0: no live updates). */
  livePollMs?: number;
  flashes?: Flash[];
}

/** Renders a view inside the layout and sends it. */
export async function renderPage(input: LayoutInput): Promise<void> {
  const { req, res, view, data, opts, pages, db, csrfToken, lang } = input;
  const t = adminT(lang);
  const user = req.admin?.user;
  const flashes = [...(input.flashes ?? []), ...(req.admin ? await takeFlash(db, req.admin.session) : [])];
  const here = req.originalUrl.split('?')[0] ?? '';
  const nav = user
    ? pages
        .filter((p) => p.nav && p.nav.roles.includes(user.role))
        .map((p) => p.nav!)
        .sort((a, b) => a.order - b.order)
        .map((n) => {
          const href = ADMIN_BASE + n.path;
          const active = n.path === '/' ? here === ADMIN_BASE || here === ADMIN_BASE + '/' : here.startsWith(href);
          return { title: t(n.titleKey), href, active };
        })
    : [];
  const csrfField = `<input type="hidden" name="_csrf" value="${escapeAttr(csrfToken)}">`;
  const common = { t, h: viewHelpers, user, csrfToken, csrfField, lang, path: here, query: req.query };
  const body = await eta.renderAsync(view, { ...common, ...data });
  const title = opts.title ?? nav.find((n) => n.active)?.title ?? t('title');
  // The live count only for roles that can open the inbox.
  const live = user && input.livePollMs && roleCanOpen(pages, user.role, '/inbox') ? input.livePollMs : 0;
  const html = await eta.renderAsync('layout', {
    ...common, body, title, nav, flashes, communeName: input.communeName, live,
  });
  res.status(opts.status ?? 200).type('html').set('Cache-Control', 'no-store').send(html);
}

function escapeAttr(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
