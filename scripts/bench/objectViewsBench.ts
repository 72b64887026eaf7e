// The views' refresh with the Secrets, Configs and Networks views open: exactly what the
// extension runs on each event or poll (SwarmStore.refresh() and ObjectsStore.refresh()
// together, then who uses what), counted on the wire with the three views hidden and with all
// three visible, at each swarm size given. The claim checked: the three views add exactly one
// request each (GET /secrets, /configs, /networks), whatever the swarm's size.
import { EngineClient } from '../../src/docker/engineClient';
import { ObjectsStore } from '../../src/tree/objectsStore';
import { SwarmStore } from '../../src/tree/swarmStore';
import type { RequestCounter } from './refreshBench';
import { collectGarbage, median, now } from './stats';

const KINDS = ['secret', 'config', 'network'] as const;

export interface ObjectViewsFigures {
  label: string;
  services: number;
  secrets: number;
  configs: number;
  networks: number;
  expanded: number;
  /** What one refresh asked for, views hidden and views shown (method and path). */
  hidden: string[];
  shown: string[];
  hiddenMs: number[];
  shownMs: number[];
}

const quiet = { warn: () => undefined };

/** A SwarmStore and an ObjectsStore as the extension wires them, over a client of `socketPath`. */
function stores(socketPath: string, expanded: readonly string[]) {
  const client = new EngineClient({ dockerHost: `unix://${socketPath}` });
  const swarm = new SwarmStore(() => client, quiet);
  for (const id of expanded) swarm.setServiceExpanded(id, true);
  const objects = new ObjectsStore(() => client, swarm, quiet);
  const refresh = async () => {
    await Promise.all([swarm.refresh(), objects.refresh()]);
    // What the three views compute from it when they draw.
    objects.usage();
  };
  const show = (visible: boolean) => {
    for (const k of KINDS) objects.setVisible(k, visible);
  };
  return { swarm, objects, refresh, show, dispose: () => (objects.dispose(), swarm.dispose()) };
}

async function counted(countVia: { socketPath: string; counter: RequestCounter }, expanded: readonly string[], visible: boolean): Promise<string[]> {
  const s = stores(countVia.socketPath, expanded);
  try {
    await s.refresh();
    s.show(visible);
    await s.refresh();
    const seen: string[][] = [];
    for (let i = 0; i < 3; i++) {
      await countVia.counter.reset();
      await s.refresh();
      seen.push((await countVia.counter.read()).map((r) => `${r.method} ${r.url}`));
    }
    if (seen.some((c) => c.length !== seen[0]!.length)) throw new Error(`refreshes made different numbers of requests: ${seen.map((c) => c.length).join(', ')}`);
    return seen[0]!;
  } finally {
    s.dispose();
  }
}

/**
 * @param socketPath where the refreshes are timed
 * @param countVia a socket that counts requests in front of the same engine, and its counter
 * @param expanded services expanded in the Services view (their tasks are read too)
 */
export async function measureObjectViews(
  label: string,
  socketPath: string,
  countVia: { socketPath: string; counter: RequestCounter },
  expanded: readonly string[],
  rounds: number,
): Promise<ObjectViewsFigures> {
  const hidden = await counted(countVia, expanded, false);
  const shown = await counted(countVia, expanded, true);
  const hiddenStores = stores(socketPath, expanded);
  const shownStores = stores(socketPath, expanded);
  shownStores.show(true);
  const hiddenMs: number[] = [];
  const shownMs: number[] = [];
  try {
    // Interleaved, two rounds of warm-up.
    for (let i = 0; i < rounds + 2; i++) {
      for (const [s, into] of (i % 2 ? [[hiddenStores, hiddenMs], [shownStores, shownMs]] : [[shownStores, shownMs], [hiddenStores, hiddenMs]]) as [typeof hiddenStores, number[]][]) {
        collectGarbage();
        const t0 = now();
        await s.refresh();
        if (i >= 2) into.push(now() - t0);
      }
    }
    const o = shownStores.objects;
    return {
      label,
      services: shownStores.swarm.services.length,
      secrets: o.secrets.length,
      configs: o.configs.length,
      networks: o.networks.length,
      expanded: expanded.length,
      hidden,
      shown,
      hiddenMs,
      shownMs,
    };
  } finally {
    hiddenStores.dispose();
    shownStores.dispose();
  }
}

const kindOf = (r: string) => /^GET (?:\/v[\d.]+)?\/(\w+)/.exec(r)?.[1];

/** The requests the views added: what `shown` asked for beyond `hidden`, by endpoint. */
export function added(f: ObjectViewsFigures): string[] {
  const rest = f.hidden.map(kindOf);
  return f.shown.map(kindOf).filter((k): k is string => {
    const i = rest.indexOf(k);
    if (i === -1) return true;
    rest.splice(i, 1);
    return false;
  }).sort();
}

/** Whether each size added exactly GET /configs, /networks and /secrets, and every size made as many requests. */
export function objectViewsHold(sizes: readonly ObjectViewsFigures[]): boolean {
  const first = sizes[0];
  return !!first && sizes.every((f) =>
    added(f).join(',') === 'configs,networks,secrets' && f.shown.length === f.hidden.length + 3 &&
    f.hidden.length === first.hidden.length && f.shown.length === first.shown.length);
}

/** The rows and notes of the table (bench/results.md, or printed by SWARM_BENCH_ONLY=objects). */
export function objectViewsRows(sizes: readonly ObjectViewsFigures[]): { rows: string[][]; notes: string[] } {
  const rows = [[
    'Engine requests per refresh, Secrets, Configs and Networks views open',
    sizes.map((f) => `${f.shown.length} on ${f.label} (${f.hidden.length} with them hidden)`).join('; '),
    `added: ${sizes.map((f) => added(f).map((k) => `\`/${k}\``).join(', ')).join(' / ')}`,
    'constant in the swarm\'s size; one more request per view',
    objectViewsHold(sizes) ? 'yes' : '**no**',
  ]];
  for (const f of sizes) {
    rows.push([
      `Refresh ${f.label} with the three views open: ${f.services} services, ${f.secrets} secrets, ${f.configs} configs, ${f.networks} networks`,
      `${median(f.shownMs).toFixed(1)} ms`,
      `views hidden ${median(f.hiddenMs).toFixed(1)} ms (${f.expanded} services expanded)`,
      'no target: shown for scale',
      '',
    ]);
  }
  const notes = [
    '**Requests with the object views open**: the extension\'s own refresh (`SwarmStore.refresh()` and `ObjectsStore.refresh()` together, then who uses what, computed from the services already read), counted on the wire three times in a row with the three views hidden and with all three visible. A hidden view is not listed at all; a visible one costs one listing, since who uses each object comes from the services listing the Services view reads anyway.',
  ];
  return { rows, notes };
}
