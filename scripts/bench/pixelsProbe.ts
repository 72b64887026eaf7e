// The page side of "change to pixels": a MutationObserver installed in the workbench's page on
// the Services view's pane, which notes the wall-clock time at which a service's row first
// shows a given desired replica count, then the next animation frame, then the row settled
// (running = desired). The bench only arms it and waits for its answer; nothing on the page is
// polled from outside while a change is timed.
//
// The script is sent as text, not as a function: tsx compiles this file with esbuild, whose
// name-keeping wraps nested functions in a helper (__name) that does not exist in the page.
import type { Locator, Page } from 'playwright-core';

/** What the probe read from a row: the `running/desired` of its description. */
export interface RowCounts {
  running: number;
  desired: number;
  text: string;
  /** The row's aria-setsize: how many services the view lists at the top level. */
  setSize: number;
}

/** Times (Date.now() in the page) noted for the armed change; null when it did not happen in time. */
export type ProbeMark = 'seenAt' | 'frameAt' | 'settledAt';

const ROOT_ATTRIBUTE = 'data-swarm-bench-pixels';

const PROBE_SCRIPT = String.raw`(() => {
  const root = document.querySelector('[${ROOT_ATTRIBUTE}]');
  if (!root) throw new Error('the Services pane is not marked');
  if (window.__swarmBenchPixels) return true;
  let want;
  let waiters = [];
  const rowOf = (name) => {
    for (const row of root.querySelectorAll('.monaco-list-row[role="treeitem"][aria-level="1"]')) {
      const label = row.querySelector('.label-name');
      if (label && label.textContent.trim() === name) return row;
    }
    return undefined;
  };
  const counts = (name) => {
    const row = rowOf(name);
    const description = row && row.querySelector('.label-description');
    const text = description ? description.textContent || '' : '';
    const m = /(\d+)\/(\d+)/.exec(text);
    return m ? { running: Number(m[1]), desired: Number(m[2]), text, setSize: Number(row.getAttribute('aria-setsize')) } : undefined;
  };
  const settle = () => {
    if (!want) return;
    waiters = waiters.filter((w) => {
      if (want[w.mark] === undefined) return true;
      clearTimeout(w.timer);
      w.resolve(want[w.mark]);
      return false;
    });
  };
  const check = () => {
    const w = want;
    if (!w || w.settledAt !== undefined) return;
    const c = counts(w.name);
    if (!c) return;
    const t = Date.now();
    if (w.seenAt === undefined && c.desired === w.desired) {
      w.seenAt = t;
      w.text = c.text;
      requestAnimationFrame(() => { w.frameAt = Date.now(); settle(); });
    }
    if (w.seenAt !== undefined && c.desired === w.desired && c.running === w.desired) w.settledAt = t;
    settle();
  };
  new MutationObserver(check).observe(root, { subtree: true, childList: true, characterData: true, attributes: true });
  window.__swarmBenchPixels = {
    read: (name) => counts(name),
    arm: (name, desired) => {
      waiters.forEach((w) => { clearTimeout(w.timer); w.resolve(null); });
      waiters = [];
      want = { name, desired };
      return counts(name);
    },
    until: (mark, timeoutMs) => new Promise((resolve) => {
      const w = { mark, resolve };
      w.timer = setTimeout(() => { waiters = waiters.filter((x) => x !== w); resolve(null); }, timeoutMs);
      waiters.push(w);
      settle();
    }),
    text: () => (want && want.text) || '',
  };
  return true;
})()`;

// The evaluated arrows below run in the page: they may name nothing of this module but
// what is passed in, hence the cast repeated in each.
interface PageProbe {
  read(name: string): RowCounts | undefined;
  arm(name: string, desired: number): RowCounts | undefined;
  until(mark: ProbeMark, timeoutMs: number): Promise<number | null>;
  text(): string;
}
type ProbeWindow = { __swarmBenchPixels: PageProbe };

/** A call into the page, which Playwright does not bound: one that has not answered in 30 s rejects, saying which. */
function bounded<T>(what: string, call: Promise<T>, timeoutMs = 30_000): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`the page did not answer ${what} within ${timeoutMs / 1000} s`)), timeoutMs);
  });
  return Promise.race([call, late]).finally(() => clearTimeout(timer));
}

/** Installs the observer on `pane` (the Services view's pane); idempotent. */
export async function installProbe(page: Page, pane: Locator): Promise<void> {
  await bounded('marking the pane', pane.evaluate((el, attribute) => el.setAttribute(attribute, ''), ROOT_ATTRIBUTE, { timeout: 30_000 }));
  await bounded('installing the probe', page.evaluate(PROBE_SCRIPT));
}

/** The target row's counts as drawn now (undefined when the row is not drawn). */
export function readRow(page: Page, name: string): Promise<RowCounts | undefined> {
  return bounded('reading the row', page.evaluate((n) => (globalThis as unknown as ProbeWindow).__swarmBenchPixels.read(n), name));
}

/** Starts watching for the row to show `desired` (forgetting the previous change); returns what it shows now. */
export function arm(page: Page, name: string, desired: number): Promise<RowCounts | undefined> {
  return bounded('arming the probe', page.evaluate(([n, d]) => (globalThis as unknown as ProbeWindow).__swarmBenchPixels.arm(n, d), [name, desired] as const));
}

/** The page's time of `mark` for the armed change, once it happened; null after `timeoutMs`. */
export function until(page: Page, mark: ProbeMark, timeoutMs: number): Promise<number | null> {
  // The page's own timer answers null; this bound stops a page that answers nothing at all.
  return bounded(`about ${mark}`, page.evaluate(([m, t]) => (globalThis as unknown as ProbeWindow).__swarmBenchPixels.until(m, t), [mark, timeoutMs] as const), timeoutMs + 10_000);
}

/** The row's description when the armed change was first seen. */
export function seenText(page: Page): Promise<string> {
  return bounded('the row text', page.evaluate(() => (globalThis as unknown as ProbeWindow).__swarmBenchPixels.text()));
}
