// Secrets, configs, swarm-scope networks and node labels through SwarmClient against the real
// swarm: what the engine lists and holds afterwards is what is asserted, and everything made here
// carries the run's label and a unique name and is removed after.
import * as assert from 'node:assert/strict';
import { SwarmError } from '../../src/model/errors';
import type { EngineEvent } from '../../src/model/events';
import { usage } from '../../src/model/swarmObjects';
import { TestClient } from '../support/testClient';
import { RUN_ID, RUN_LABEL, serviceSpec, removeQuietly, uniqueName, waitFor } from '../support/swarm';

const client = new TestClient();
const b64 = (s: string) => Buffer.from(s).toString('base64');
const labels = { [RUN_LABEL]: RUN_ID };
/** A /24 in 10.200.0.0/16 picked per run, so that runs side by side do not ask for the same one. */
const third = 1 + Math.floor(Math.random() * 250);
const subnet = `10.200.${third}.0/24`;

const without = (key: string) => (l: Record<string, string>) => Object.fromEntries(Object.entries(l).filter(([k]) => k !== key));

/** What this file made, removed in after() whatever failed: services first, then what they used. */
const made = { services: [] as string[], secrets: [] as string[], configs: [] as string[], networks: [] as string[] };

describe('secrets, configs, networks and node labels against the real swarm', () => {
  after(async () => {
    await Promise.all(made.services.map((id) => client.removeService(id).catch(() => undefined)));
    await Promise.all([
      ...made.secrets.map((id) => removeQuietly((x) => client.removeSecret(x), id)),
      ...made.configs.map((id) => removeQuietly((x) => client.removeConfig(x), id)),
      ...made.networks.map((id) => removeQuietly((x) => client.removeNetwork(x), id)),
    ]);
  });

  it('a secret: created, listed with its labels and version but no data, removed', async () => {
    const name = uniqueName('secret');
    const id = await client.createSecret({ Name: name, Labels: { ...labels, purpose: 'list' }, Data: b64('s3cr3t') });
    made.secrets.push(id);
    const listed = (await client.listSecrets()).find((s) => s.id === id);
    assert.ok(listed, 'the new secret is listed');
    assert.equal(listed.name, name);
    assert.deepEqual(listed.labels, { ...labels, purpose: 'list' });
    assert.ok(listed.version > 0);
    assert.ok(listed.createdAt && !Number.isNaN(Date.parse(listed.createdAt)));
    assert.equal('data' in listed, false);
    await client.removeSecret(id);
    assert.equal((await client.listSecrets()).some((s) => s.id === id), false);
    await assert.rejects(client.removeSecret(id), (e: unknown) => e instanceof SwarmError && e.kind === 'notFound');
  });

  it('a config: listed without its data, inspected with it (the bytes round-trip), templating shown, removed', async () => {
    const name = uniqueName('config');
    const bytes = Buffer.from([0x00, 0xff, 0x10, 0x0a, ...Buffer.from('key={{ .Service.Name }}\n')]);
    const id = await client.createConfig({ Name: name, Labels: labels, Data: bytes.toString('base64'), Templating: { Name: 'golang' } });
    made.configs.push(id);
    const listed = (await client.listConfigs()).find((c) => c.id === id);
    assert.ok(listed, 'the new config is listed');
    assert.equal(listed.name, name);
    assert.equal(listed.templating, 'golang');
    assert.equal('data' in listed, false);
    const inspected = await client.inspectConfig(name);
    assert.equal(inspected.id, id);
    assert.deepEqual(Buffer.from(inspected.data, 'base64'), bytes);
    await client.removeConfig(id);
    assert.equal((await client.listConfigs()).some((c) => c.id === id), false);
  });

  it('a swarm-scope overlay network: listed with driver, flags, subnet, gateway and labels; local networks are not', async () => {
    const name = uniqueName('net');
    const gateway = `10.200.${third}.1`;
    const id = await client.createNetwork({ Name: name, Driver: 'overlay', Attachable: true, Labels: labels, IPAM: { Config: [{ Subnet: subnet, Gateway: gateway }] } });
    made.networks.push(id);
    // Listed at once, but with no driver or subnet until the swarm's allocator has filled them
    // in (a moment later, with a network update event): wait for that.
    let networks = await client.listNetworks();
    assert.ok(networks.some((n) => n.id === id), 'the new network is listed at once');
    await waitFor('the network allocated', async () => {
      networks = await client.listNetworks();
      return networks.find((n) => n.id === id)?.driver === 'overlay';
    }, 10_000, 100);
    const listed = networks.find((n) => n.id === id);
    assert.ok(listed, 'the new network is listed');
    assert.deepEqual(
      { name: listed.name, driver: listed.driver, attachable: listed.attachable, internal: listed.internal, ingress: listed.ingress, ipam: listed.ipam, labels: listed.labels },
      { name, driver: 'overlay', attachable: true, internal: false, ingress: false, ipam: [{ subnet, gateway }], labels },
    );
    assert.ok(networks.some((n) => n.ingress && n.name === 'ingress'), 'the ingress network is listed, flagged');
    assert.equal(networks.some((n) => n.name === 'bridge' || n.name === 'host'), false, 'no local-scope network');
    await client.removeNetwork(id);
    assert.equal((await client.listNetworks()).some((n) => n.id === id), false);
  });

  it('node labels: added then removed, labels already there kept, the version moving each time', async () => {
    const node = (await client.listNodes())[0]!;
    const key = `${RUN_LABEL}.${RUN_ID}`;
    const kept = `${key}.kept`;
    try {
      const before = await client.updateNodeLabels(node.ID, (l) => ({ ...l, [kept]: 'yes' }));
      const others = before.Spec?.Labels ?? {};
      assert.equal(others[kept], 'yes');
      const added = await client.updateNodeLabels(node.ID, (l) => ({ ...l, [key]: 'a=b' }));
      assert.deepEqual(added.Spec?.Labels, { ...others, [key]: 'a=b' });
      assert.ok((added.Version?.Index ?? 0) > (before.Version?.Index ?? 0));
      assert.equal(added.Spec?.Availability, before.Spec?.Availability);
      assert.equal(added.Spec?.Role, before.Spec?.Role);
      const removed = await client.updateNodeLabels(node.Description?.Hostname ?? node.ID, without(key));
      assert.deepEqual(removed.Spec?.Labels, others);
      assert.ok((removed.Version?.Index ?? 0) > (added.Version?.Index ?? 0));
    } finally {
      await client.updateNodeLabels(node.ID, (l) => without(kept)(without(key)(l)));
    }
  });

  it('usage from a real service: the secret at its target, uid, gid and mode, the config, the network with aliases; an in-use secret is refused', async () => {
    const secretName = uniqueName('used-secret');
    const configName = uniqueName('used-config');
    const netName = uniqueName('used-net');
    const secretId = await client.createSecret({ Name: secretName, Labels: labels, Data: b64('v1') });
    made.secrets.push(secretId);
    const configId = await client.createConfig({ Name: configName, Labels: labels, Data: b64('c1') });
    made.configs.push(configId);
    const netId = await client.createNetwork({ Name: netName, Driver: 'overlay', Labels: labels, IPAM: { Config: [{ Subnet: `10.200.${(third + 1) % 250 + 1}.0/24` }] } });
    made.networks.push(netId);
    const spec = serviceSpec(uniqueName('user'), 'sleep 3600', { replicas: 0 });
    const container = spec.TaskTemplate!.ContainerSpec!;
    container['Secrets'] = [{ File: { Name: '/run/app/token', UID: '1000', GID: '1001', Mode: 0o400 }, SecretID: secretId, SecretName: secretName }];
    container['Configs'] = [{ File: { Name: '/etc/app.conf', UID: '0', GID: '0', Mode: 0o440 }, ConfigID: configId, ConfigName: configName }];
    // By name: the engine stores the network's ID.
    spec.TaskTemplate!['Networks'] = [{ Target: netName, Aliases: ['db', 'primary'] }];
    const serviceId = await client.createService(spec);
    made.services.push(serviceId);

    const services = await client.listServices({ label: [`${RUN_LABEL}=${RUN_ID}`] });
    const index = usage(services, { networks: await client.listNetworks() });
    const name = spec.Name!;
    assert.deepEqual(index.secrets.get(secretId), [{ id: serviceId, name, target: { name: '/run/app/token', uid: '1000', gid: '1001', mode: 0o400 } }]);
    assert.deepEqual(index.configs.get(configId), [{ id: serviceId, name, target: { name: '/etc/app.conf', uid: '0', gid: '0', mode: 0o440 } }]);
    assert.deepEqual(index.networks.get(netId), [{ id: serviceId, name, aliases: ['db', 'primary'] }]);

    // The engine's refusal, which the Remove command is to replace with its own message before sending.
    await assert.rejects(client.removeSecret(secretId), (e: unknown) => {
      assert.ok(e instanceof SwarmError, String(e));
      assert.equal(e.kind, 'invalid');
      assert.equal(e.detail, `rpc error: code = InvalidArgument desc = secret '${secretName}' is in use by the following service: ${name}`);
      return true;
    });
    await assert.rejects(client.removeNetwork(netId), (e: unknown) => e instanceof SwarmError && /is in use by service/.test(e.detail ?? ''));
    assert.ok((await client.listSecrets()).some((s) => s.id === secretId), 'the refused secret is still there');
  });

  it('events: create and remove of a secret, a config and a network, each with its ID and name', async () => {
    const seen: EngineEvent[] = [];
    const sub = client.events((e) => seen.push(e), { type: ['secret', 'config', 'network'] });
    await sub.started;
    try {
      const secretId = await client.createSecret({ Name: uniqueName('ev-secret'), Labels: labels, Data: b64('x') });
      const configId = await client.createConfig({ Name: uniqueName('ev-config'), Labels: labels, Data: b64('x') });
      const netName = uniqueName('ev-net');
      const netId = await client.createNetwork({ Name: netName, Driver: 'overlay', Labels: labels });
      made.secrets.push(secretId);
      made.configs.push(configId);
      made.networks.push(netId);
      await client.removeSecret(secretId);
      await client.removeConfig(configId);
      await client.removeNetwork(netId);
      const shape = (id: string) => seen.filter((e) => e.Actor?.ID === id).map((e) => `${e.Type} ${e.Action} ${e.scope} ${e.Actor?.Attributes?.['name']}`);
      await waitFor('the three removals', async () => [secretId, configId, netId].every((id) => seen.some((e) => e.Actor?.ID === id && e.Action === 'remove')), 10_000, 50);
      const secretName = seen.find((e) => e.Actor?.ID === secretId)?.Actor?.Attributes?.['name'];
      assert.deepEqual(shape(secretId), [`secret create swarm ${secretName}`, `secret remove swarm ${secretName}`]);
      assert.ok(secretName?.startsWith(RUN_ID));
      assert.deepEqual(shape(configId).map((s) => s.split(' ').slice(0, 3).join(' ')), ['config create swarm', 'config remove swarm']);
      // The allocator's own update usually follows a network's create at once, but not always
      // (not when the remove came first): the views must not count on it.
      assert.deepEqual(shape(netId).filter((s) => !s.startsWith('network update ')), [`network create swarm ${netName}`, `network remove swarm ${netName}`]);
      assert.ok(shape(netId).every((s) => s.endsWith(` swarm ${netName}`)));
    } finally {
      sub.stop();
    }
  });
});
