// Text from outside (platform webhooks, the web chat, imported files) is cleaned once at the boundary:
// PostgreSQL refuses a NUL byte in a text value (the whole statement fails and the turn is lost), and
// other C0 controls and lone UTF-16 surrogates are never meaningful in a citizen's message. Newlines and
// tabs are kept; everything else below U+0020 (and DEL) is dropped, lone surrogates become U+FFFD.

// C0 controls except \t (09), \n (0A), \r (0D); and DEL (7F).
// eslint-disable-next-line no-control-regex
const CONTROLS = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/g;
// A high surrogate not followed by a low one, or a low one not preceded by a high one.
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

export function cleanText(s: string): string {
  return s.replace(CONTROLS, '').replace(LONE_SURROGATE, '\uFFFD');
}

/** cleanText for a value that should be a string: anything else (an object, a number) is no text. */
export function cleanTextValue(v: unknown): string | undefined {
  return typeof v === 'string' ? cleanText(v) : undefined;
}
