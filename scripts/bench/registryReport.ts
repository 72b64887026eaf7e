// The private-registry rows of bench/results.md: Redeploy with Latest Image after a push and when
// the tag did not move, against `docker service update --image`, with what bounds each figure.
import { CONVERGENCE_POLL_MS, MONITOR_MS, type RegistryFigures } from './registryBench';
import { pairedRatio } from './refreshBench';
import { median, ms } from './stats';

const verdict = (ok: boolean): string => (ok ? 'yes' : '**no**');
const x = (r: number): string => `${r.toFixed(2)}×`;

export function registryRows(r: RegistryFigures, cliStart?: number): { rows: string[][]; notes: string[] } {
  const ours = r.moved.map((m) => m.ours.total);
  const cli = r.moved.map((m) => m.cli.total);
  const part = (k: 'lookup' | 'update' | 'converge') => ms(median(r.moved.map((m) => m.ours[k])), 0);
  const movedRatio = pairedRatio(ours, cli);
  const uOurs = r.unmoved.map((u) => u.ours);
  const uCli = r.unmoved.map((u) => u.cli);
  const unmovedRatio = pairedRatio(uOurs, uCli);
  const cliVersions = r.unmoved.filter((u) => u.cliNewVersion).length;
  const cliTasks = r.unmoved.filter((u) => u.cliNewTask).length;
  const early = r.moved.filter((m) => m.ours.earlyDone).length;
  const rows = [
    [
      'Redeploy with Latest Image of a 1-replica service after a push (private registry, credentials), to converged',
      `${ms(median(ours), 0)} (credentials + lookup ${part('lookup')}, update call ${part('update')}, convergence ${part('converge')})`,
      `\`docker service update --with-registry-auth --image <tag>\` ${ms(median(cli), 0)}: ours is ${x(movedRatio)}`,
      '≤ the CLI',
      verdict(movedRatio <= 1),
    ],
    [
      'Redeploy with Latest Image when the tag did not move',
      `${ms(median(uOurs), 0)}, nothing sent`,
      `\`docker service update --with-registry-auth --image <same tag>\` ${ms(median(uCli), 0)}, a new service version in ${cliVersions} of ${r.unmoved.length} rounds, the task replaced in ${cliTasks}: ours is ${x(unmovedRatio)}`,
      'nothing sent; ≤ 0.5× the CLI',
      verdict(unmovedRatio <= 0.5),
    ],
  ];
  const notes = [
    `**Redeploy with Latest Image**: bounded by the Engine, not by us: stopping the old task (stop-first, StopGracePeriod 1 s, a shell that exits on SIGTERM), pulling the new image from the registry (a new layer of a few bytes on the sandbox's busybox; the local copy is removed before every round) and starting its task, then UpdateConfig.Monitor (${MONITOR_MS} ms here) before the engine marks the update completed. ${r.moved.length} rounds, each preceded (for each side, not counted: ${ms(median(r.prepare), 0)}) by a push of new content to the tag and the removal of the local image; which side goes first alternates. Ours is the command's path in this process: the service read, RegistryAuth over a LoginStore holding the test login, lookupImage (\`GET /distribution/…/json\` with X-Registry-Auth), updateServiceImage with the registry auth and platforms, then the rollouts' reads (\`inspectService\` + \`serviceTasks\`, judged by \`convergence()\`) every ${CONVERGENCE_POLL_MS} ms until it is done with the new task running the pinned image and the old one stopped (the rollout notification reads every 500 ms, so it closes up to 500 ms later). ${early > 0 ? `In ${early} of ${r.moved.length} rounds \`convergence()\` alone was already "done" on a read made before the orchestrator had replaced the task (the old task still meant to run and running, the update not yet marked as in progress), hence the image check; the rollouts' watch, which reads right after the update, may have the same blind spot.` : `The image check is a guard: \`convergence()\` counts a task made from an older spec (another image or ForceUpdate) as not converged, so a read made before the orchestrator has replaced the task is not "done"; never seen in these rounds.`} The CLI resolves the tag through the Engine during the update (QueryRegistry) and polls every 200 ms, then waits UpdateConfig.Monitor once converged${cliStart !== undefined ? `; its time includes its own start (\`docker --version\`: ${ms(cliStart)})` : ''}.`,
    `**Tag not moved**: ours reads the service, looks the tag up and compares digests: nothing is sent, and the service's version stays. The CLI sends an update every time (${cliVersions} of ${r.unmoved.length} rounds wrote a new service version) but the spec is unchanged, so ${cliTasks === 0 ? 'no task is replaced' : `the task is replaced in ${cliTasks} rounds`}; its time is its start, the update (during which the Engine looks the tag up in the registry) and its wait. The CLI's first such update right after ours (untimed)${r.cliAfterOursNewTask ? ' replaced the task: its X-Registry-Auth is not byte for byte ours, and the Engine keeps it in the task spec' : ' did not replace the task'}. Without \`--with-registry-auth\` the CLI cannot resolve the private tag (it warns that the image "could not be accessed on a registry to record its digest"), sends the tag unpinned and so replaces the task, pulling by tag (tried by hand, not in these rounds).`,
  ];
  return { rows, notes };
}
