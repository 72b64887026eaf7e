// Open Shell in Task as a person uses it: right-click a running task in the Services view,
// Open Shell in Task, type a command into VS Code's terminal and read its output on the page;
// then the terminal is killed and the engine is asked whether the shell still runs. The
// terminal makes the README's picture.
import * as assert from 'node:assert/strict';
import { IDLE_SCRIPT, createRunService, engine, screenshot, ui, waitForServicesRunning, withArtifacts } from './support/suite';
import { UI_TIMEOUT_MS } from './support/ui';

describe('Open Shell in Task in the workbench', function () {
  let svc: { name: string; id: string };

  before(async function () {
    this.timeout(120_000);
    await withArtifacts('task shell before', async () => {
      svc = await createRunService('shell', IDLE_SCRIPT, { replicas: 1 });
      await waitForServicesRunning([{ id: svc.id, count: 1 }]);
      await ui().openSwarmView();
      await ui().widenSidebar(620);
    });
  });

  afterEach(() => ui().dismissOverlays());

  after(async function () {
    this.timeout(60_000);
    await ui().killTerminals().catch(() => undefined);
    await ui().closePanel().catch(() => undefined);
    if (svc) await engine.removeService(svc.id).catch(() => undefined);
  });

  it('right-click a running task, Open Shell in Task, type echo $((6*7)): 42 in the terminal; killing the terminal ends the shell on the engine', async function () {
    this.timeout(120_000);
    await ui().expand(svc.name);
    const task = `${svc.name}.1`;
    await ui().until(`the task row ${task} running`, async () => (await ui().rowDescription(task).catch(() => '')).startsWith('running'),
      UI_TIMEOUT_MS, () => ui().rowDescription(task).catch(() => ''));
    const items = await ui().openContextMenu(task);
    assert.ok(items.includes('Open Shell in Task'), JSON.stringify(items));
    await ui().clickMenuItem('Open Shell in Task');

    const tab = `${task}@`;
    await ui().until('the terminal named after the task and its node', async () => (await ui().terminalTabs()).some((t) => t.startsWith(tab)),
      UI_TIMEOUT_MS, async () => JSON.stringify(await ui().terminalTabs()));
    await ui().until('the shell\'s prompt in the terminal', async () => (await ui().terminalLines()).some((l) => l.startsWith('/ #')),
      UI_TIMEOUT_MS, async () => JSON.stringify(await ui().terminalLines()));
    await ui().typeInTerminal('echo $((6*7))');
    await ui().until('42 on a line of its own', async () => (await ui().terminalLines()).includes('42'),
      UI_TIMEOUT_MS, async () => JSON.stringify(await ui().terminalLines()));
    await ui().typeInTerminal('hostname; ls /');
    await ui().until('the listing of /', async () => (await ui().terminalLines()).some((l) => /\bbin\b/.test(l) && /\bproc\b/.test(l)),
      UI_TIMEOUT_MS, async () => JSON.stringify(await ui().terminalLines()));
    await screenshot('task-shell');

    // The window made smaller: the terminal has fewer rows and columns, and the shell is told
    // (stty size in the session, before and after; its rows are those the page shows).
    const sttySize = async (): Promise<[number, number]> => {
      const marker = `size-${Date.now()}`;
      await ui().typeInTerminal(`echo ${marker}; stty size`);
      const lines = await ui().until(`stty size after ${marker}`, async () => {
        const shown = await ui().terminalLines();
        const at = shown.lastIndexOf(marker);
        return at >= 0 && /^\d+ \d+$/.test(shown[at + 1] ?? '') ? shown[at + 1] : undefined;
      }, UI_TIMEOUT_MS, async () => JSON.stringify((await ui().terminalLines()).slice(-4)));
      const [rows, columns] = lines.split(' ').map(Number);
      return [rows!, columns!];
    };
    const [rows0, columns0] = await sttySize();
    assert.equal(rows0, await ui().terminalRows(), 'the shell has the rows the page shows');
    await ui().page.setViewportSize({ width: 1200, height: 760 });
    try {
      await ui().until('the terminal to show fewer rows', async () => (await ui().terminalRows()) < rows0);
      await ui().page.waitForTimeout(500); // the last of the size changes reaches the engine
      const [rows1, columns1] = await sttySize();
      assert.equal(rows1, await ui().terminalRows(), 'the shell has the rows the page shows now');
      assert.ok(rows1 < rows0 && columns1 < columns0, `smaller: ${rows0}x${columns0} then ${rows1}x${columns1}`);
    } finally {
      await ui().page.setViewportSize({ width: 1440, height: 900 });
    }

    // The shell runs on the engine as an exec of the task's container until the terminal goes.
    const [engineTask] = await engine.serviceTasks(svc.id, { 'desired-state': 'running' });
    const containerId = engineTask!.Status!.ContainerStatus!.ContainerID!;
    const running = async () => {
      const execs = await engine.containerExecIds(containerId);
      const states = await Promise.all(execs.map((id) => engine.inspectExec(id).then((s) => s.running, () => false)));
      return states.filter(Boolean).length;
    };
    assert.equal(await running(), 1, 'one exec runs in the container');
    await ui().killTerminals();
    await ui().until('no exec running in the container', async () => (await running()) === 0, 20_000);
  });
});
