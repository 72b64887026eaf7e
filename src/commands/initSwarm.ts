// Initialize Swarm…: offered when the engine is not part of a swarm. Asks first (naming the
// engine), then makes it a single-node manager; if the engine cannot choose an address to
// advertise, asks for one.
import { SwarmError } from '../model/errors';
import type { CommandContext } from './context';

const IPV4_OR_IFACE = /^(?:(?:25[0-5]|2[0-4]\d|1?\d?\d)(?:\.(?:25[0-5]|2[0-4]\d|1?\d?\d)){3}|[a-zA-Z][\w.-]{0,14})$/;

export async function initSwarm(ctx: CommandContext, advertiseAddr?: unknown): Promise<string | undefined> {
  const client = ctx.client();
  const status = await client.swarmStatus();
  if (status.role === 'manager' || status.role === 'worker') {
    void ctx.host.showInformationMessage(`This engine is already a swarm ${status.role}.`);
    return undefined;
  }
  const answer = await ctx.host.confirm(
    `Initialize a swarm on ${client.endpoint}?`,
    'The engine becomes a single-node swarm manager (as `docker swarm init`). Other engines can join it later.',
    'Initialize Swarm',
  );
  if (answer !== 'Initialize Swarm') return undefined;
  let address = typeof advertiseAddr === 'string' ? advertiseAddr : undefined;
  for (;;) {
    try {
      const nodeId = await ctx.host.withProgress('Initializing the swarm', () => client.initSwarm(address));
      await ctx.store.refresh();
      void ctx.host.showInformationMessage('This engine is now a swarm manager.');
      return nodeId;
    } catch (e) {
      const err = e instanceof SwarmError ? e : client.normalise(e);
      const needsAddress = /advertise address|--advertise-addr|could not (choose|find)/i.test(err.detail ?? err.message);
      if (!needsAddress || address !== undefined && typeof advertiseAddr === 'string') throw err;
      address = await ctx.host.showInputBox({
        title: 'Initialize Swarm',
        prompt: `The engine needs an address to advertise to other nodes (${(err.detail ?? err.message).slice(0, 160)})`,
        placeHolder: 'an IPv4 address or an interface name, e.g. 192.168.1.10 or eth0',
        validateInput: (v) => (IPV4_OR_IFACE.test(v.trim()) ? undefined : 'Enter an IPv4 address or an interface name.'),
      });
      if (address === undefined) return undefined;
      address = address.trim();
    }
  }
}
