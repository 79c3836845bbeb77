// Reading a V8 .cpuprofile (node --cpu-prof): self time per function and per module.
import path from 'node:path';
import { ROOT } from './process';

const TOP = 10;

interface Node {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  hitCount?: number;
  children?: number[];
}
export interface Profile {
  nodes: Node[];
  startTime: number;
  samples: number[];
  timeDeltas: number[];
}

/** node_modules/<pkg> (scoped too), our top folder, or node's own. */
function moduleOf(url: string): string {
  if (!url) return '(native/vm)';
  const p = url.replace(/^file:\/\//, '');
  const nm = p.lastIndexOf('node_modules/');
  if (nm >= 0) {
    const parts = p.slice(nm + 'node_modules/'.length).split('/');
    return parts[0]!.startsWith('@') ? `${parts[0]}/${parts[1]}` : parts[0]!;
  }
  if (p.startsWith('node:')) return 'node:' + p.slice(5).split('/')[0];
  const rel = path.relative(ROOT, p);
  return rel.startsWith('..') ? p : rel.split(path.sep).slice(0, 2).join('/');
}

/** Self time per function and module of the samples taken after `skipUs` (start-up and warm-up left out). */
export function summarise(profile: Profile, skipUs: number) {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const self = new Map<number, number>();
  let at = 0;
  profile.samples.forEach((id, i) => {
    const dt = profile.timeDeltas[i] ?? 0;
    at += dt;
    if (at >= skipUs) self.set(id, (self.get(id) ?? 0) + dt);
  });
  const fn = new Map<string, number>();
  const mod = new Map<string, number>();
  let idle = 0;
  let total = 0;
  for (const [id, us] of self) {
    const n = byId.get(id)!;
    // Waiting is not a cost: shares are of the busy time.
    if (n.callFrame.functionName === '(idle)') {
      idle += us;
      continue;
    }
    total += us;
    const { functionName, url, lineNumber } = n.callFrame;
    const m = moduleOf(url);
    const name = `${functionName || '(anonymous)'} ${url ? `${m}/${path.basename(url)}:${lineNumber + 1}` : `[${m}]`}`;
    fn.set(name, (fn.get(name) ?? 0) + us);
    mod.set(m, (mod.get(m) ?? 0) + us);
  }
  const top = (m: Map<string, number>) =>
    [...m.entries()].sort((a, b) => b[1] - a[1]).slice(0, TOP).map(([k, us]) => ({ name: k, ms: us / 1000, share: us / total }));
  return { totalMs: total / 1000, idleMs: idle / 1000, functions: top(fn), modules: top(mod) };
}

export function printTop(title: string, rows: { name: string; ms: number; share: number }[]) {
  console.log(`\n${title}`);
  console.log('  #  self ms   share  where');
  rows.forEach((r, i) => console.log(`${String(i + 1).padStart(3)} ${r.ms.toFixed(0).padStart(8)} ${(r.share * 100).toFixed(1).padStart(6)} %  ${r.name}`));
}

