// Root hooks for the integration suite: the swarm must be there (a missing engine fails the
// run, it is never skipped), and every service the run created is removed at the end.
import { TestClient } from '../support/testClient';
import { RUN_ID, removeRunServices } from '../support/swarm';

export const mochaHooks = {
  async beforeAll(this: Mocha.Context): Promise<void> {
    const status = await new TestClient().swarmStatus();
    if (status.role !== 'manager') {
      throw new Error(`The integration tests need a swarm manager; this engine is "${status.role}". Run: bash scripts/sandbox.sh up`);
    }
    console.log(`    test run ${RUN_ID}`);
  },
  async afterAll(): Promise<void> {
    await removeRunServices();
  },
};
