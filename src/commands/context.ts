// What every command is given: the parts of the extension it may use. Built once in
// activate(); tests reach the same object through the extension's exported API.
import type * as vscode from 'vscode';
import type { EndpointControl } from '../connection';
import type { SwarmClient } from '../docker/swarmClient';
import type { Host } from '../host';
import type { PreviewDocuments } from '../composeEditor/previewDocuments';
import type { ResolveImage } from '../deploy/types';
import type { ConfigDocuments } from '../inspect/configDocuments';
import type { InspectDocuments } from '../inspect/inspectDocuments';
import type { LogSessions } from '../logs/logSessions';
import type { LogOptions } from '../model/logOptions';
import type { NodeEngines } from '../nodeEngines/nodeEngines';
import type { Rollouts } from '../rollouts/rollouts';
import type { NodesProvider } from '../tree/nodesProvider';
import type { ObjectKind } from '../tree/objectsItems';
import type { ObjectsProvider } from '../tree/objectsProvider';
import type { ObjectsStore } from '../tree/objectsStore';
import type { LoginStore } from '../registry/loginStore';
import type { RegistryAuth } from '../registry/registryAuth';
import type { ServicesProvider } from '../tree/servicesProvider';
import type { SwarmStore } from '../tree/swarmStore';
import type { CloseOnExit } from '../terminal/taskShell';
import type { TaskShells } from '../terminal/taskShells';
import type { TaskStats } from '../stats/taskStats';
import type { Failover } from '../failover/failover';

export interface CommandContext {
  /** The engine endpoint in use, and the context chosen in the editor (the Connection). */
  endpoint: EndpointControl;
  client(): SwarmClient;
  host: Host;
  /** The swarm as both views show it: refresh, state, services, nodes, task filter. */
  store: SwarmStore;
  servicesTree: ServicesProvider;
  nodesTree: NodesProvider;
  /** The secrets, configs and networks the three object views show (each listed while its view is visible). */
  objects: ObjectsStore;
  objectTrees: Record<ObjectKind, ObjectsProvider>;
  logs: LogSessions;
  log: vscode.LogOutputChannel;
  logOptions(): LogOptions;
  /** Whether service log lines carry the `<service>.<slot>.<task>@<node> |` prefix. */
  logPrefix(): boolean;
  inspectDocuments: InspectDocuments;
  /** The read-only documents Open Config shows a config's content in. */
  configDocuments: ConfigDocuments;
  rollouts: Rollouts;
  /** The documents Preview Stack Deploy opens. */
  previewDocuments: PreviewDocuments;
  deploySettings(): { resolveImage: ResolveImage };
  /** Registry credentials: the editor's logins (SecretStorage) and which credentials go with an image. */
  registry: { auth: RegistryAuth; logins: LoginStore };
  // ---- issue 17: a task's shell ------------------------------------------------------
  /** Which engine reaches the node that runs a task (exec and stats are per node). */
  nodeEngines: NodeEngines;
  /** The task shells open in the editor. */
  shells: TaskShells;
  /** dockerSwarm.shell.*: the command (empty: bash, else sh), user, working directory, when to close. */
  shellSettings(): { command: string; user: string; workingDir: string; closeOnExit: CloseOnExit };
  /** Show/Hide Task Stats, and a service's Show/Hide Stats. */
  taskStats: TaskStats;
  /** Issue 19: the swarm's other managers, when the one in use goes away (Switch to Another Manager). */
  failover: Pick<Failover, 'candidates' | 'choose' | 'whyNone' | 'offering' | 'message'>;
}
