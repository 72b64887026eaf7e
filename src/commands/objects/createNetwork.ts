// Create Network…: a swarm-scope overlay network (the only kind services can use across nodes):
// its name, whether standalone containers may attach, whether it is internal, an optional
// subnet (checked against every network's the engine lists now, its local ones included) and
// gateway, and labels. The whole input is checked again before it is sent; a cancelled prompt
// sends nothing.
import { validateGateway, validateNetworkInput, validateNetworkName, validateSubnet, type ExistingNetwork } from '../../swarmObjects/networkInput';
import type { CommandContext } from '../context';
import { createRefusal } from './engineRefusals';
import { askLabels, messageOf, valueOf } from './objectPrompts';

const TITLE = 'Create Network (overlay, swarm scope)';

async function askYesNo(ctx: CommandContext, placeHolder: string, no: string, yes: string): Promise<boolean | undefined> {
  const picked = await ctx.host.showQuickPick(
    [
      { label: 'No', description: no, value: false },
      { label: 'Yes', description: yes, value: true },
    ],
    { title: TITLE, placeHolder },
  );
  return picked?.value;
}

/** An optional box: empty is fine, anything else must pass `check`. */
function optional<T>(check: (text: string) => { ok: true; value: T } | { ok: false; message: string }) {
  return (text: string) => (text.trim() === '' ? undefined : messageOf(check(text)));
}

export async function createNetwork(ctx: CommandContext): Promise<string | undefined> {
  // Refused before anything is asked or read while the quorum is known lost, in the view's words.
  ctx.client().refuseChanges?.();
  // This engine's local networks count too: the Engine refuses their names, and accepts an
  // overlay overlapping their subnets (docker_gwbridge's, say), whose tasks then cannot route.
  const existing: ExistingNetwork[] = (await ctx.client().listNetworks({ localToo: true })).map((n) => ({
    name: n.name,
    subnets: n.ipam.map((i) => i.subnet).filter((s): s is string => !!s),
  }));
  const names = existing.map((n) => n.name);
  const name = await ctx.host.showInputBox({
    title: TITLE,
    prompt: 'The network\'s name: letters, digits, "-" and "_", at most 63 characters',
    ignoreFocusOut: true,
    validateInput: (t) => messageOf(validateNetworkName(t, names)),
  });
  if (name === undefined) return undefined;
  valueOf(validateNetworkName(name, names));
  const attachable = await askYesNo(ctx, 'Attachable?', 'only swarm services attach to it', 'standalone containers (docker run --network) can attach too');
  if (attachable === undefined) return undefined;
  const internal = await askYesNo(ctx, 'Internal?', 'its tasks can reach outside the swarm', 'no traffic to or from outside this network');
  if (internal === undefined) return undefined;
  const subnet = await ctx.host.showInputBox({
    title: TITLE,
    prompt: 'Subnet (optional), such as 10.20.0.0/24. Leave empty to let the swarm choose one.',
    ignoreFocusOut: true,
    validateInput: optional((t) => validateSubnet(t, existing)),
  });
  if (subnet === undefined) return undefined;
  let gateway = '';
  if (subnet.trim() !== '') {
    const cidr = valueOf(validateSubnet(subnet, existing));
    const typed = await ctx.host.showInputBox({
      title: TITLE,
      prompt: `Gateway (optional), an address inside ${subnet.trim()}. Leave empty to let the swarm choose one.`,
      ignoreFocusOut: true,
      validateInput: optional((t) => validateGateway(t, cidr)),
    });
    if (typed === undefined) return undefined;
    gateway = typed;
  }
  const labels = await askLabels(ctx, TITLE);
  if (!labels) return undefined;

  // The same checks, on the whole input: what is sent is what was checked.
  const request = valueOf(
    validateNetworkInput(
      { name, attachable, internal, subnet, gateway, labels: Object.entries(labels).map(([k, v]) => `${k}=${v}`) },
      existing,
    ),
  );
  const id = await ctx.host.withProgress(`Creating network ${request.Name}`, async () => {
    try {
      return await ctx.client().createNetwork(request);
    } catch (e) {
      throw createRefusal('network', request.Name, e);
    }
  });
  await ctx.objects.refresh();
  const subnetNote = request.IPAM ? ` (subnet ${request.IPAM.Config[0]?.Subnet})` : '';
  void ctx.host.showInformationMessage(`Created network ${request.Name}${subnetNote}.`);
  return id;
}
