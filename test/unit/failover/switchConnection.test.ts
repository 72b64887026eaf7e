// A switch made by failover (by itself or by Switch to Another Manager) is for this session
// only: the connection is pointed at the manager's endpoint and nothing is saved (a saved
// context would win over dockerSwarm.dockerHost at every later start). A context's endpoint
// keeps its name and TLS material; one that is gone is refused, nothing used.
import * as assert from 'node:assert/strict';
import type { DockerContextInfo, ResolvedEndpoint } from '../../../src/docker/endpoint';
import { switchConnection } from '../../../src/failover/switchConnection';

const CONTEXTS: DockerContextInfo[] = [
  { name: 'default', description: '', host: 'unix:///var/run/docker.sock', skipTLSVerify: false },
  { name: 'm2', description: '', host: 'tcp://m2:2376', skipTLSVerify: true },
];

/** A connection recording what it was told: the endpoint for the session, or a context saved (Select Docker Context's way). */
function connection() {
  const told = { session: [] as ResolvedEndpoint[], saved: [] as (string | undefined)[] };
  return {
    told,
    useForSession: (e: ResolvedEndpoint) => void told.session.push(e),
    select: async (name: string | undefined) => void told.saved.push(name),
  };
}

describe('failover: the switch is for this session only', () => {
  it('a context: its endpoint (name, TLS material) for the session, no context saved', () => {
    const c = connection();
    switchConnection(c, { kind: 'context', context: 'm2', host: 'tcp://m2:2376' }, () => CONTEXTS);
    assert.deepEqual(c.told, { session: [{ host: 'tcp://m2:2376', source: 'failover', contextName: 'm2', label: 'm2', tls: { verify: false } }], saved: [] });
  });

  it('a nodeEndpoints entry or SSH: its host for the session, labelled without a password', () => {
    const c = connection();
    switchConnection(c, { kind: 'setting', host: 'ssh://me:pw@m3' }, () => CONTEXTS);
    switchConnection(c, { kind: 'ssh', host: 'ssh://me@m4' }, () => CONTEXTS);
    assert.deepEqual(c.told, {
      session: [
        { host: 'ssh://me:pw@m3', source: 'failover', label: 'ssh://me:***@m3' },
        { host: 'ssh://me@m4', source: 'failover', label: 'ssh://me@m4' },
      ],
      saved: [],
    });
  });

  it('a context that is gone: refused, nothing used or saved', () => {
    const c = connection();
    assert.throws(() => switchConnection(c, { kind: 'context', context: 'm9', host: 'tcp://m9:2376' }, () => CONTEXTS), /docker context "m9" no longer exists/);
    assert.deepEqual(c.told, { session: [], saved: [] });
  });
});
