// `npm run channels:setup`: sets the Messenger Get Started button, greeting and persistent menu
// (Messenger Profile API) from the main menu the capabilities contribute.
// It builds the assistant on a throw-away in-memory database, so it runs while the server is running.
// Messages: cli:channels.setup.*, Vietnamese unless --lang en.
import { cliArgs, runAsProgram } from '../../../core/cli';
import type { Config } from '../../../core/config';
import { translator, initI18n } from '../../../core/i18n';
import type { Lang } from '../../../core/types';
import { GraphClient } from '../messenger/client';

// Messenger Profile API: persistent menu ≤ 20 top-level items with titles ≤ 30 characters, greeting ≤ 160.
const PERSISTENT_MENU_MAX_ITEMS = 20;
const PERSISTENT_MENU_TITLE_MAX = 30;
const GREETING_MAX = 160;
// The payload of Get Started and of the first menu item: the menu handler's main menu.
const MENU_PAYLOAD = 'menu';

const cut = (s: string, max: number) => (s.length <= max ? s : s.slice(0, max - 1) + '…');

/** What the profile needs of a handler: its main-menu entries (a channel never imports a handler). */
type MenuSource = { menu?: { titleKey: string; payload: string; order: number }[] };

export function buildMessengerProfile(handlers: readonly MenuSource[], config: Config): Record<string, unknown> {
  const entries = handlers.flatMap((h) => h.menu ?? []).sort((a, b) => a.order - b.order);
  const menuFor = (lang: Lang, locale: string) => {
    const t = translator(lang);
    const items = [{ titleKey: 'channels:messenger.menu', payload: MENU_PAYLOAD }, ...entries]
      .slice(0, PERSISTENT_MENU_MAX_ITEMS)
      .map((e) => ({ type: 'postback', title: cut(t(e.titleKey), PERSISTENT_MENU_TITLE_MAX), payload: e.payload }));
    return { locale, composer_input_disabled: false, call_to_actions: items };
  };
  const greeting = (lang: Lang, locale: string) => ({
    locale,
    text: cut(translator(lang)('channels:messenger.greeting', { commune: config.COMMUNE_NAME }), GREETING_MAX),
  });
  return {
    get_started: { payload: MENU_PAYLOAD },
    greeting: [greeting('vi', 'default'), greeting('en', 'en_US')],
    persistent_menu: [menuFor('vi', 'default'), menuFor('en', 'en_US')],
  };
}

export async function setupMessenger(config: Config, handlers: readonly MenuSource[], dryRun = false, lang: Lang = 'vi') {
  await initI18n();
  const profile = buildMessengerProfile(handlers, config);
  if (dryRun) return { profile, sent: false };
  if (!config.FB_PAGE_ACCESS_TOKEN) throw new Error(translator(lang)('cli:channels.setup.no_token'));
  const graph = new GraphClient(config.FB_GRAPH_BASE, config.FB_GRAPH_VERSION, config.FB_PAGE_ACCESS_TOKEN);
  await graph.post('messenger_profile', profile);
  return { profile, sent: true };
}

async function main(argv: string[]): Promise<number> {
  const cli = await cliArgs({ command: 'channels:setup', options: { 'dry-run': { type: 'boolean', default: false } }, helpValues: { payload: MENU_PAYLOAD } }, argv);
  if (typeof cli === 'number') return cli;
  const { values, lang, t } = cli;
  const { configOrExit } = await import('../../../models/boot');
  const { createAssistant } = await import('../../app');
  const { openDatabase } = await import('../../../models/db');
  const config = configOrExit();
  // The menu comes from the handlers; an in-memory database keeps the real one (and a running server) untouched.
  const database = await openDatabase();
  await database.migrate();
  const assistant = await createAssistant({ ...config, TELEGRAM_BOT_TOKEN: undefined, ZALO_APP_ID: undefined, JOBS_ENABLED: false }, database);
  try {
    const { profile, sent } = await setupMessenger(config, assistant.engine.handlers, values['dry-run'], lang);
    if (!sent) console.log(JSON.stringify(profile, null, 2));
    else {
      const items = (profile.persistent_menu as { call_to_actions: unknown[] }[])[0]!.call_to_actions.length;
      console.log(t('cli:channels.setup.done', { items }));
    }
  } catch (e) {
    console.error(t('cli:channels.setup.failed', { error: (e as Error).message }));
    return 1;
  } finally {
    await assistant.stop();
    await database.close();
  }
  return 0;
}

runAsProgram(import.meta.url, main, 'cli:channels.setup.failed');
