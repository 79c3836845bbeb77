// The frontend messages of PostgreSQL's extended query protocol (protocol 3.0) that models/prepared.ts
// sends to PGlite: Parse, Describe, Close, and Bind + Execute + Sync written into one buffer. All
// parameters and results are in text format.
/** A parameter: text, a number, null, or an array of them (sent as a PostgreSQL array). */
export type Param = string | number | null | readonly (string | number | null)[];

const encoder = new TextEncoder();
export const SYNC = new Uint8Array([0x53, 0, 0, 0, 4]);
const EXECUTE = message(0x45, [cstring(''), int32(0)]);

export function parseMessage(name: string, text: string): Uint8Array {
  return message(0x50, [cstring(name), cstring(text), int16(0)]);
}
export function describeMessage(name: string): Uint8Array {
  return message(0x44, [new Uint8Array([0x53]), cstring(name)]);
}
export function closeMessage(name: string): Uint8Array {
  return message(0x43, [new Uint8Array([0x53]), cstring(name)]);
}
/** Bind (all parameters as text), Execute and Sync, written into one buffer. */
export function runMessages(name: string, params: readonly Param[]): Uint8Array {
  const values = params.map((p) => {
    const text = toText(p);
    return text === null ? null : Buffer.from(text, 'utf8');
  });
  const nameBytes = Buffer.byteLength(name);
  let bindLength = 4 + 1 + nameBytes + 1 + 2 + 2 + 2;
  for (const v of values) bindLength += 4 + (v?.length ?? 0);
  const out = Buffer.allocUnsafe(1 + bindLength + EXECUTE.length + SYNC.length);
  let at = 0;
  out[at++] = 0x42;
  at = out.writeInt32BE(bindLength, at);
  out[at++] = 0; // the unnamed portal
  at += out.write(name, at, 'utf8');
  out[at++] = 0;
  at = out.writeInt16BE(0, at); // every parameter in text format
  at = out.writeInt16BE(values.length, at);
  for (const v of values) {
    if (v === null) at = out.writeInt32BE(-1, at);
    else {
      at = out.writeInt32BE(v.length, at);
      at += v.copy(out, at);
    }
  }
  at = out.writeInt16BE(0, at); // every result column in text format
  out.set(EXECUTE, at);
  out.set(SYNC, at + EXECUTE.length);
  return out;
}

function toText(p: Param): string | null {
  if (p === null) return null;
  if (typeof p === 'number') return String(p);
  if (typeof p === 'string') return p;
  return `{${p.map((e) => (e === null ? 'NULL' : `"${escapeElement(String(e))}"`)).join(',')}}`;
}

// An array element between double quotes: backslash and double quote escaped with a backslash.
function escapeElement(s: string): string {
  return s.includes('\\') || s.includes('"') ? s.replaceAll('\\', '\\\\').replaceAll('"', '\\"') : s;
}

function message(type: number, parts: Uint8Array[]): Uint8Array {
  const body = concat(parts);
  const out = new Uint8Array(5 + body.length);
  out[0] = type;
  new DataView(out.buffer).setInt32(1, 4 + body.length);
  out.set(body, 5);
  return out;
}
function cstring(s: string): Uint8Array {
  const b = encoder.encode(s);
  const out = new Uint8Array(b.length + 1);
  out.set(b);
  return out;
}
function int16(n: number): Uint8Array {
  const out = new Uint8Array(2);
  new DataView(out.buffer).setInt16(0, n);
  return out;
}
function int32(n: number): Uint8Array {
  const out = new Uint8Array(4);
  new DataView(out.buffer).setInt32(0, n);
  return out;
}
export function concat(parts: Uint8Array[]): Uint8Array {
  let n = 0;
  for (const p of parts) n += p.length;
  const out = new Uint8Array(n);
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}
