// The words that mean the same thing wherever the citizen is in the conversation: leave what is in
// progress, show the menu, switch language. The engine recognises them once, before any dialog step
// (docs/architecture.md, "Routing"), so no handler keeps its own copy.
import type { Lang } from '../core/types';

export type GlobalCommand =
  | { kind: 'cancel'; outsideDialog: boolean }
  | { kind: 'menu' }
  | { kind: 'language'; lang: Lang };

// Folded phrases (no diacritics, lower case, final punctuation dropped).
// Inside a dialog every one of these cancels it. Outside one, "dừng"/"stop" belong to the
// subscriptions handler (unsubscribe) and "không gửi nữa" is ordinary text: only the rest answer
// "nothing to cancel".
const CANCEL_WORDS = ['huy', 'huy bo', 'cancel', 'thoat'];
const CANCEL_IN_DIALOG_ONLY = ['dung', 'stop', 'khong gui nua'];
const MENU_WORDS = ['menu', 'bat dau', 'start', '/start'];
const LANGUAGE_WORDS: Record<Lang, string[]> = {
  en: ['english', 'tieng anh'],
  vi: ['tieng viet', 'vietnamese'],
};

/** The global command a folded message is, if any. */
export function globalCommand(folded: string): GlobalCommand | null {
  if (CANCEL_WORDS.includes(folded)) return { kind: 'cancel', outsideDialog: true };
  if (CANCEL_IN_DIALOG_ONLY.includes(folded)) return { kind: 'cancel', outsideDialog: false };
  if (MENU_WORDS.includes(folded)) return { kind: 'menu' };
  for (const lang of ['en', 'vi'] as const) if (LANGUAGE_WORDS[lang].includes(folded)) return { kind: 'language', lang };
  return null;
}
