// The pages of the admin web, in no particular order (the menu sorts by nav.order).
// To add a page: write admin/pages/<name>.ts exporting an AdminPage (see admin/README.md),
// its views in admin/views/<name>*.eta, then add ONE import line and ONE list entry below.
import type { AdminPage } from '../types';
import { dashboardPage } from './dashboard';
import { accountPage } from './account';
import { usersPage } from './users';
import { auditPage } from './audit';
import { unansweredPage } from './unanswered';
import { catalogPage } from './catalog';
import { inboxPage } from './inbox';
import { reportsPage } from './reports';
import { settingsPage } from './settings';
import { publicationsPage } from './publications';
import { draftsPage } from './drafts';
import { cannedPage } from './canned';
import { dossiersPage } from './dossiers';
import { faqPage } from './faq';
// (add page imports above this line)

export const adminPages: AdminPage[] = [
  dashboardPage,
  accountPage,
  catalogPage,
  unansweredPage,
  usersPage,
  auditPage,
  inboxPage,
  reportsPage,
  settingsPage,
  publicationsPage,
  draftsPage,
  cannedPage,
  dossiersPage,
  faqPage,
  // (add pages above this line)
];
