// Channel-neutral replies → platform-sized pieces. Shared by the Zalo, Messenger and Telegram adapters:
// long text split at sentence boundaries, buttons cut to what the platform takes, and when there are more
// options than buttons the options stay as a numbered list in the text (the engine accepts the number back).
import type { Button, Reply } from '../../core/types';

export interface RenderLimits {
  /** Longest text of one message, in characters (after NFC normalisation). */
  maxText: number;
  /** Most payload/url buttons on one message. */
  maxButtons: number;
  /** Longest button title, in characters. */
  maxButtonTitle: number;
  /** Longest payload, in UTF-8 bytes (Telegram callback_data is 64 bytes). */
  maxPayloadBytes?: number;
  /** Longest text of the message that carries the buttons (Messenger button template: 640). */
  maxTextWithButtons?: number;
}

/** One platform message: text, plus the buttons that go on it (on the last piece of a reply only). */
export interface RenderedMessage {
  text: string;
  buttons: Button[];
  image?: { url: string; caption?: string };
}

const ELLIPSIS = '…';

/** Splits text into pieces of at most `max` characters: paragraphs, then lines, then sentences, then words. */
export function splitText(input: string, max: number): string[] {
  const text = input.normalize('NFC').trim();
  if (!text) return [];
  if (text.length <= max) return [text];
  const pieces: string[] = [];
  let current = '';
  const push = () => {
    if (current.trim()) pieces.push(current.trim());
    current = '';
  };
  for (const unit of units(text, max)) {
    const joined = current ? current + unit.sep + unit.text : unit.text;
    if (joined.length <= max) current = joined;
    else {
      push();
      current = unit.text;
    }
  }
  push();
  return pieces;
}

/** Breaks text into units no longer than max, remembering the separator that preceded each one. */
function units(text: string, max: number): { text: string; sep: string }[] {
  const out: { text: string; sep: string }[] = [];
  const levels: { re: RegExp; sep: string }[] = [
    { re: /\n{2,}/, sep: '\n\n' },
    { re: /\n/, sep: '\n' },
    // A sentence ends with . ! ? … (optionally a closing quote/bracket) followed by a space.
    { re: /(?<=[.!?…]["”')\]]?)\s+/, sep: ' ' },
    { re: /\s+/, sep: ' ' },
  ];
  const walk = (chunk: string, level: number, sep: string) => {
    if (chunk.length <= max) {
      out.push({ text: chunk, sep });
      return;
    }
    const l = levels[level];
    if (!l) {
      // One word longer than a message (a long URL): cut it hard.
      for (let i = 0; i < chunk.length; i += max) out.push({ text: chunk.slice(i, i + max), sep: i === 0 ? sep : '' });
      return;
    }
    const parts = chunk.split(l.re).filter((p) => p.length > 0);
    if (parts.length === 1) return walk(chunk, level + 1, sep);
    parts.forEach((p, i) => walk(p, level + 1, i === 0 ? sep : l.sep));
  };
  walk(text, 0, '');
  return out;
}

function truncate(s: string, max: number): string {
  const n = s.normalize('NFC');
  return n.length <= max ? n : n.slice(0, max - 1) + ELLIPSIS;
}

const utf8Length = (s: string) => Buffer.byteLength(s, 'utf8');

/** True when the text already lists every option as "n. title" (the engine numbers them). */
function listsOptions(text: string, options: Button[]): boolean {
  return options.every((b) => new RegExp(`^\\d{1,2}\\. ${escapeRegExp(b.title)}$`, 'm').test(text));
}

function escapeRegExp(s: string) {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * Renders replies into platform messages within the limits. Buttons go on the last piece of each reply.
 * More options than buttons (or a payload too long for the platform): no buttons, numbered list in the text.
 */
export function renderReplies(replies: Reply[], limits: RenderLimits): RenderedMessage[] {
  const out: RenderedMessage[] = [];
  for (const reply of replies) {
    const all = reply.buttons ?? [];
    const payloadOk = (b: Button) => !('payload' in b) || !limits.maxPayloadBytes || utf8Length(b.payload) <= limits.maxPayloadBytes;
    let text = reply.text ?? '';
    let buttons: Button[] = all.map((b) => ({ ...b, title: truncate(b.title, limits.maxButtonTitle) }));
    if (all.length > limits.maxButtons || !all.every(payloadOk)) {
      buttons = [];
      const options = all.filter((b) => 'payload' in b);
      if (options.length && !listsOptions(text, options)) {
        text = `${text}\n${options.map((b, i) => `${i + 1}. ${b.title}`).join('\n')}`;
      }
      // Links cannot be typed back as numbers: keep them as plain URLs.
      const links = all.filter((b): b is { title: string; url: string } => 'url' in b);
      if (links.length) text = `${text}\n${links.map((l) => `${l.title}: ${l.url}`).join('\n')}`;
    }
    const pieces = splitText(text, limits.maxText);
    // The message carrying buttons may have a tighter limit (Messenger's button template: 640).
    if (buttons.length && limits.maxTextWithButtons && pieces.length) {
      const last = pieces.pop()!;
      pieces.push(...splitText(last, limits.maxTextWithButtons));
    }
    if (!pieces.length && buttons.length) pieces.push('…');
    pieces.forEach((p, i) => out.push({ text: p, buttons: i === pieces.length - 1 ? buttons : [] }));
    for (const image of reply.images ?? []) out.push({ text: image.caption ?? '', buttons: [], image });
  }
  return out;
}
