// What a command acts on, resolved the same way for every command: the clicked tree row (a
// service, a task's service, a stack, a node), a multi-selection (VS Code calls a command of a
// view with canSelectMany as (row, selectedRows)), an id or name given by a keybinding, another
// extension or a test, or else a quick pick of the eligible candidates. It reads only a narrow
// view of the store and the host (no `vscode` at run time), so plain mocha can test it.
import type { QuickPickItem, QuickPickOptions } from 'vscode';
import type { Host } from '../host';
import { SwarmError } from '../model/errors';
import type { NodeSummary } from '../model/nodeSummaries';
import type { ServiceSummary } from '../model/summaries';
import type { NodeElement, NodeTaskElement } from '../tree/nodesItems';
import type { InfoElement, ServiceElement, StackElement, TaskElement } from '../tree/servicesItems';
import type { SwarmStore } from '../tree/swarmStore';
import type { CommandContext } from './context';

/** What the resolver reads of the store: the listed services and nodes, as of the last refresh. */
export type TargetStore = Pick<SwarmStore, 'services' | 'nodes' | 'lastError' | 'refresh' | 'findService' | 'findNode' | 'stacks'>;

export type PickHost = Pick<Host, 'showQuickPick' | 'showInformationMessage'>;

export interface Targets {
  store: TargetStore;
  host: PickHost;
}

/** The resolver's view of a command's context (the host as it is now: tests replace it). */
export function targetsOf(ctx: CommandContext): Targets {
  return { store: ctx.store, host: ctx.host };
}

function isRecord(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null;
}

export function isServiceElement(x: unknown): x is ServiceElement {
  return isRecord(x) && x['kind'] === 'service' && isRecord(x['service']);
}

export function isTaskElement(x: unknown): x is TaskElement {
  return isRecord(x) && x['kind'] === 'task' && isRecord(x['task']) && isRecord(x['service']);
}

/** A task row of the Nodes view. */
export function isNodeTaskElement(x: unknown): x is NodeTaskElement {
  return isRecord(x) && x['kind'] === 'nodeTask' && isRecord(x['task']) && typeof x['nodeId'] === 'string';
}

export function isInfoElement(x: unknown): x is InfoElement {
  return isRecord(x) && x['kind'] === 'info' && isRecord(x['service']);
}

export function isStackElement(x: unknown): x is StackElement {
  return isRecord(x) && x['kind'] === 'stack' && typeof x['name'] === 'string';
}

export function isNodeElement(x: unknown): x is NodeElement {
  return isRecord(x) && x['kind'] === 'node' && isRecord(x['node']);
}

/** The service a clicked row stands for: a service row, or the service of a task row. */
export function serviceOf(x: unknown): ServiceSummary | undefined {
  return isServiceElement(x) || isTaskElement(x) ? x.service : undefined;
}

export interface Choice<T> {
  candidates: readonly T[];
  /** Said when there is no candidate. */
  none: string;
  item(candidate: T): QuickPickItem;
  options: QuickPickOptions;
  /** A single candidate is taken without asking. */
  takeSingle?: boolean;
}

/** One of the candidates, picked by the user; undefined when there is none or the pick is cancelled. */
export async function choose<T>(host: PickHost, choice: Choice<T>): Promise<T | undefined> {
  const { candidates } = choice;
  if (candidates.length === 0) {
    void host.showInformationMessage(choice.none);
    return undefined;
  }
  if (choice.takeSingle && candidates.length === 1) return candidates[0];
  const picked = await host.showQuickPick(candidates.map((target) => ({ ...choice.item(target), target })), choice.options);
  return picked?.target;
}

/** A refresh, so that a picker offers what is there now; a store that cannot read says why. */
async function refreshed(store: TargetStore): Promise<void> {
  await store.refresh();
  if (store.lastError) throw store.lastError;
}

/** The service an argument names or stands for, as listed now; undefined for anything else. */
function givenService(store: TargetStore, arg: unknown): ServiceSummary | undefined {
  const clicked = serviceOf(arg);
  if (clicked) return clicked;
  if (typeof arg === 'string' && arg) {
    const found = store.findService(arg);
    if (!found) throw new SwarmError('invalid', `No service named or with id "${arg.slice(0, 80)}" is listed.`);
    return found;
  }
  return undefined;
}

/** The service a command acts on. A clicked row is taken as it is (the command judges it); the picker offers only eligible ones. */
export async function resolveService(
  t: Targets,
  arg: unknown,
  placeHolder: string,
  eligible: (s: ServiceSummary) => boolean = () => true,
): Promise<ServiceSummary | undefined> {
  // A name or id may be of a service created since the last refresh.
  if (typeof arg === 'string' && !t.store.findService(arg)) await t.store.refresh();
  const given = givenService(t.store, arg);
  if (given) return given;
  await refreshed(t.store);
  return choose(t.host, {
    candidates: t.store.services.filter(eligible),
    none: 'There is no service to choose from.',
    item: (s) => ({ label: s.name, description: `${s.mode} ${s.running}/${s.desired}`, detail: s.image }),
    options: { placeHolder, matchOnDescription: true },
  });
}

/** The services of a multi-selection (each once), or else the single one resolved as above. */
export async function resolveServices(t: Targets, arg: unknown, selection: unknown, placeHolder: string): Promise<ServiceSummary[]> {
  if (Array.isArray(selection) && selection.length > 1) {
    const services = selection.map((x: unknown) => givenService(t.store, x)).filter((s): s is ServiceSummary => !!s);
    return [...new Map(services.map((s) => [s.id, s])).values()];
  }
  const one = await resolveService(t, arg, placeHolder);
  return one ? [one] : [];
}

/** The node a command acts on: a clicked node row, a hostname or id, or one picked among the eligible. */
export async function resolveNode(
  t: Targets,
  arg: unknown,
  placeHolder: string,
  eligible: (n: NodeSummary) => boolean = () => true,
): Promise<NodeSummary | undefined> {
  if (isNodeElement(arg)) return arg.node;
  await refreshed(t.store);
  if (typeof arg === 'string') {
    const found = t.store.findNode(arg);
    if (!found) throw new SwarmError('invalid', `No node named or with id "${arg.slice(0, 80)}" is listed.`);
    return found;
  }
  return choose(t.host, {
    candidates: t.store.nodes.filter(eligible),
    none: 'There is no node to choose from.',
    item: (n) => ({ label: n.hostname, description: `${n.role} · ${n.availability} · ${n.state}` }),
    options: { placeHolder },
  });
}

/** The stack a command acts on: a clicked stack row, a name (taken as given), or one picked among the listed services' stacks. */
export async function resolveStack(t: Targets, arg: unknown, placeHolder: string, none = 'There is no stack to choose from.'): Promise<string | undefined> {
  if (isStackElement(arg)) return arg.name;
  if (typeof arg === 'string' && arg) return arg;
  await refreshed(t.store);
  return choose(t.host, { candidates: t.store.stacks(), none, item: (s) => ({ label: s }), options: { placeHolder } });
}
