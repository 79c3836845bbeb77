// What an admin page is, and what the shell lends it. Other modules add pages through this API
// (see admin/README.md and admin/pages/index.ts).
import type { Request, RequestHandler, Response, Router } from 'express';
import type { TFunction } from 'i18next';
import type { Config } from '../core/config';
import type { Db } from '../models/db';
import type { AdminRole, AdminUser } from './users';
import type { AdminSession, Flash } from './sessions';

export interface NavEntry {
  /** i18n key of the menu title, e.g. 'admin:nav.catalog' or 'feedback:admin.nav'. */
  titleKey: string;
  /** Path under /admin, e.g. '/catalog'. */
  path: string;
  /** Roles that see the entry (the routes must still check with requireRole). */
  roles: AdminRole[];
  /** Position in the menu, small first (dashboard 0, catalog 20, users 90). */
  order: number;
}

export interface DashboardPeriod {
  key: 'today' | 'quarter';
  /** Inclusive start and exclusive end, as instants (Asia/Ho_Chi_Minh days). */
  from: Date;
  to: Date;
}

export interface DashboardCount {
  /** i18n key of the label. */
  labelKey: string;
  value: number;
  /** Page listing these items (path under /admin, may carry a query); shown only to roles that can open it. */
  href?: string;
}

export interface AdminPage {
  /** Short unique name (used in logs). */
  name: string;
  /** Menu entry; omit for pages reached by links only. */
  nav?: NavEntry;
  /** Adds the page's routes to `router`, which is mounted at /admin behind login and CSRF checks. */
  mount(router: Router, ctx: AdminContext): void;
  /** Counts for the dashboard, per period (e.g. open complaints). */
  dashboard?(db: Db, period: DashboardPeriod): Promise<DashboardCount[]>;
  /** Counts as they stand now (e.g. overdue complaints), shown once above the periods. */
  dashboardNow?(db: Db): Promise<DashboardCount[]>;
}

export interface RenderOptions {
  /** Page title (already translated); defaults to the nav title of the current page. */
  title?: string;
  status?: number;
}

export interface AdminContext {
  db: Db;
  config: Config;
  /** Renders admin/views/<view>.eta inside the layout (menu, flash messages, CSRF field). */
  render(req: Request, res: Response, view: string, data?: Record<string, unknown>, opts?: RenderOptions): Promise<void>;
  /** Queues a message for the next page shown to this user (use before res.redirect). */
  flash(req: Request, type: Flash['type'], text: string): Promise<void>;
  /** Marks a POST as not worth an audit row (e.g. a draft saved while typing). */
  skipAudit(req: Request): void;
  /** Writes an audit row with the signed-in user and address filled in. */
  audit(req: Request, action: string, target?: string | null, details?: Record<string, unknown>): Promise<void>;
  /** Middleware: only these roles pass; others get 403. */
  requireRole(...roles: AdminRole[]): RequestHandler;
  /** Every page (so the dashboard can ask them for counts). */
  pages(): readonly AdminPage[];
}

/** What the shell attaches to every request behind the login. */
export interface AdminRequestState {
  user: AdminUser;
  session: AdminSession;
  lang: 'vi' | 'en';
  t: TFunction;
}

declare module 'express-serve-static-core' {
  interface Request {
    /** Set by the admin shell for signed-in requests under /admin. */
    admin?: AdminRequestState;
  }
}

/** The signed-in user's state; throws when used outside the login (a programming error). */
export function adminOf(req: Request): AdminRequestState {
  if (!req.admin) throw new Error('admin state missing: route not behind the admin login');
  return req.admin;
}
