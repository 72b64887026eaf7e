// Identifiers shared by package.json contributions and code. Keep them in step.

export const SERVICES_VIEW = 'dockerSwarm.services';
export const NODES_VIEW = 'dockerSwarm.nodes';
export const SECRETS_VIEW = 'dockerSwarm.secrets';
export const CONFIGS_VIEW = 'dockerSwarm.configs';
export const NETWORKS_VIEW = 'dockerSwarm.networks';

export const Commands = {
  refresh: 'dockerSwarm.services.refresh',
  scale: 'dockerSwarm.service.scale',
  reload: 'dockerSwarm.service.reload',
  forceUpdate: 'dockerSwarm.service.forceUpdate',
  remove: 'dockerSwarm.service.remove',
  showLogs: 'dockerSwarm.service.showLogs',
  showLogsWithOptions: 'dockerSwarm.service.showLogsWithOptions',
  stopLogs: 'dockerSwarm.logs.stopFollowing',
  showTaskLogs: 'dockerSwarm.task.showLogs',
  openShell: 'dockerSwarm.task.openShell',
  inspect: 'dockerSwarm.service.inspect',
  filterTasks: 'dockerSwarm.tasks.filter',
  clearTaskFilter: 'dockerSwarm.tasks.clearFilter',
  showTaskHistory: 'dockerSwarm.tasks.showHistory',
  hideTaskHistory: 'dockerSwarm.tasks.hideHistory',
  copyId: 'dockerSwarm.service.copyId',
  rollback: 'dockerSwarm.service.rollback',
  updateImage: 'dockerSwarm.service.updateImage',
  removeStack: 'dockerSwarm.stack.remove',
  drainNode: 'dockerSwarm.node.drain',
  pauseNode: 'dockerSwarm.node.pause',
  activateNode: 'dockerSwarm.node.activate',
  selectContext: 'dockerSwarm.selectContext',
  initSwarm: 'dockerSwarm.swarm.init',
  deployStack: 'dockerSwarm.stack.deploy',
  previewStackDeploy: 'dockerSwarm.stack.previewDeploy',
  redeployLatestImage: 'dockerSwarm.service.redeployLatestImage',
  logInToRegistry: 'dockerSwarm.registry.logIn',
  logOutOfRegistry: 'dockerSwarm.registry.logOut',
  createSecret: 'dockerSwarm.secret.create',
  removeSecret: 'dockerSwarm.secret.remove',
  rotateSecret: 'dockerSwarm.secret.rotate',
  createConfig: 'dockerSwarm.config.create',
  removeConfig: 'dockerSwarm.config.remove',
  rotateConfig: 'dockerSwarm.config.rotate',
  openConfig: 'dockerSwarm.config.open',
  createNetwork: 'dockerSwarm.network.create',
  removeNetwork: 'dockerSwarm.network.remove',
  addNodeLabel: 'dockerSwarm.node.addLabel',
  removeNodeLabel: 'dockerSwarm.node.removeLabel',
  // Live stats (issue 17)
  showTaskStats: 'dockerSwarm.stats.show',
  hideTaskStats: 'dockerSwarm.stats.hide',
  showServiceStats: 'dockerSwarm.service.showStats',
  hideServiceStats: 'dockerSwarm.service.hideStats',
  // The connected manager goes away (issue 19)
  switchManager: 'dockerSwarm.manager.switch',
} as const;

/** Context keys set with `setContext`, read by `when` clauses in package.json. */
export const ContextKeys = {
  /** ok | unreachable | permission | timeout | notSwarm | notManager | error | loading */
  connection: 'dockerSwarm.connection',
  taskFilterActive: 'dockerSwarm.taskFilterActive',
  /** True when finished tasks are shown (no desired-state filter). */
  taskHistoryShown: 'dockerSwarm.taskHistoryShown',
  followingLogs: 'dockerSwarm.followingLogs',
  /** Live stats are on for every service shown (Hide Task Stats shows instead of Show). */
  taskStatsShown: 'dockerSwarm.taskStatsShown',
  /** The manager in use does not answer and another of its swarm does (the Services view offers the switch). */
  failoverAvailable: 'dockerSwarm.failoverAvailable',
} as const;

export const Settings = {
  section: 'dockerSwarm',
  dockerHost: 'dockerHost',
  refreshInterval: 'refreshInterval',
  logs: 'logs',
  groupByStack: 'groupByStack',
  deploy: 'deploy',
  shell: 'shell',
  // Issue 17: the engines of other swarm nodes (a task's shell and stats).
  nodeEndpoints: 'nodeEndpoints',
  // Issue 19: another manager when the one in use goes away (ask | auto | off).
  failover: 'failover',
} as const;

/** The settings under `dockerSwarm.shell` (Open Shell in Task). */
export const ShellSettings = {
  command: 'command',
  user: 'user',
  workingDir: 'workingDir',
  closeOnExit: 'closeOnExit',
} as const;

/** The settings under `dockerSwarm.deploy`. */
export const DeploySettings = {
  resolveImage: 'resolveImage',
} as const;

/** The settings under `dockerSwarm.logs`. */
export const LogSettings = {
  follow: 'follow',
  timestamps: 'timestamps',
  stdout: 'stdout',
  stderr: 'stderr',
  details: 'details',
  tail: 'tail',
  since: 'since',
  prefix: 'prefix',
  maxRate: 'maxRate',
} as const;

/** globalState key: the Docker context chosen with Select Docker Context… (kept per user). */
export const SELECTED_CONTEXT_KEY = 'dockerSwarm.selectedContext';

/** The status bar item showing the endpoint. */
export const ENDPOINT_STATUS_ITEM = 'dockerSwarm.endpoint';

export const INSPECT_SCHEME = 'docker-swarm-inspect';

/** The read-only documents Open Config shows a config's content in. */
export const CONFIG_SCHEME = 'docker-swarm-config';
