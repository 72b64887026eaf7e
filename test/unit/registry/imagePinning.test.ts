import * as assert from 'node:assert/strict';
import type { CommandContext } from '../../../src/commands/context';
import { prepareImage, USE_UNPINNED } from '../../../src/commands/imagePinning';
import { SwarmError } from '../../../src/model/errors';
import { LoginStore } from '../../../src/registry/loginStore';
import { RegistryAuth } from '../../../src/registry/registryAuth';
import { MemorySecrets } from '../../support/memorySecrets';

/** The parts of a command's context prepareImage uses: the registry's answer and the user's are scripted. */
async function context(answer: string | undefined, failure: SwarmError | undefined) {
  const logins = new LoginStore(new MemorySecrets());
  await logins.set({ serverAddress: 'r.example:5000', username: 'u', password: 'stale' });
  const choices: string[][] = [];
  const ctx = {
    registry: { logins, auth: new RegistryAuth(logins, async () => ({ kind: 'none', serverAddress: '' })) },
    log: { info() {}, warn() {}, error() {} },
    host: {
      withProgress: (_t: string, task: () => Promise<unknown>) => task(),
      choose: async (_m: string, _d: string, buttons: readonly string[]) => { choices.push([...buttons]); return answer; },
    },
    client: () => ({
      distributionInspect: async () => {
        if (failure) throw failure;
        return { digest: `sha256:${'d'.repeat(64)}`, platforms: [] };
      },
    }),
  } as unknown as CommandContext;
  return { ctx, choices };
}

const refused = new SwarmError('api', 'Docker engine error: unauthorized: authentication required', 'unauthorized: authentication required');

describe('prepareImage', () => {
  it('pinned, with the credentials, when the lookup works', async () => {
    const { ctx } = await context(undefined, undefined);
    const p = await prepareImage(ctx, 'r.example:5000/app:2', 'always', 'r.example:5000/app:1');
    assert.equal(p?.image, `r.example:5000/app:2@sha256:${'d'.repeat(64)}`);
    assert.ok(p?.registryAuth);
  });

  it('refused credentials, then Use Unpinned Image: the refused credentials are not sent (the service keeps what it stored)', async () => {
    const { ctx, choices } = await context(USE_UNPINNED, refused);
    const p = await prepareImage(ctx, 'r.example:5000/app:2', 'always', 'r.example:5000/app:1');
    assert.deepEqual(choices, [[USE_UNPINNED, 'Log In to Registry…']]);
    assert.deepEqual(p, { image: 'r.example:5000/app:2' });
    // Moving to that registry from another one: an empty login for it, never the refused one.
    const moved = await prepareImage(ctx, 'r.example:5000/app:2', 'always', 'other.example/app:1');
    const header = JSON.parse(Buffer.from(moved!.registryAuth!.replace(/-/g, '+').replace(/_/g, '/'), 'base64').toString('utf8')) as Record<string, string>;
    assert.deepEqual(header, { serveraddress: 'r.example:5000' });
  });

  it('cancelled at the question: nothing to send', async () => {
    const { ctx } = await context(undefined, refused);
    assert.equal(await prepareImage(ctx, 'r.example:5000/app:2', 'always', 'r.example:5000/app:1'), undefined);
  });

  it('never: no lookup, no question, the image as written with the credentials', async () => {
    const { ctx, choices } = await context(undefined, refused);
    const p = await prepareImage(ctx, 'r.example:5000/app:2', 'never', 'r.example:5000/app:1');
    assert.equal(p?.image, 'r.example:5000/app:2');
    assert.ok(p?.registryAuth);
    assert.deepEqual(choices, []);
  });
});
