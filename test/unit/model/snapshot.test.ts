// modelFromSnapshot: service counts from the tasks meant to run when the snapshot read them,
// and the tasks shown under services from the filtered listing, never the other way round.
import * as assert from 'node:assert/strict';
import type { EngineService } from '../../../src/model/engineTypes';
import { modelFromSnapshot, type Snapshot } from '../../../src/model/snapshot';
import { nodes, task, web } from './fixtures';

describe('modelFromSnapshot', () => {
  const running = [task('r1', web.ID, 1, 'running'), task('r2', web.ID, 2, 'running')];
  const stopped = task('s1', web.ID, 3, 'shutdown', 'shutdown');
  const counted: EngineService = { ...web, ServiceStatus: { RunningTasks: 1, DesiredTasks: 3 } };

  it('counts from the tasks meant to run and shows the filtered tasks of the services read', () => {
    const s: Snapshot = { services: [counted], tasksToRun: running, shownTasks: [stopped], shownFor: [web.ID], nodeTasks: [], nodeTasksFor: [], nodes };
    const m = modelFromSnapshot(s);
    assert.deepEqual([m.services[0]!.running, m.services[0]!.desired], [2, 3]);
    assert.deepEqual(m.tasksByService.get(web.ID)!.map((t) => t.id), ['s1']);
  });

  it("without the tasks meant to run, counts from the services' ServiceStatus", () => {
    const s: Snapshot = { services: [counted], shownTasks: [], shownFor: [], nodeTasks: [], nodeTasksFor: [], nodes };
    const m = modelFromSnapshot(s);
    assert.deepEqual([m.services[0]!.running, m.services[0]!.desired], [1, 3]);
    assert.deepEqual([...m.tasksByService.keys()], []);
  });
});
