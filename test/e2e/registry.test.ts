// Private registries as a person uses them in the workbench, against the real registry on
// loopback (scripts/registry.sh): Log In to Registry… from the command palette (the password
// typed into a password field), the login still there after the window is reloaded, Redeploy
// with Latest Image from a service's context menu once the tag was pushed again (the task pulls
// the new digest with the editor's login; the row's hover names it), Log Out, and no credential
// in any notification shown meanwhile nor in any log file of the workbench.
import * as assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { encodeRegistryAuth } from '../../src/registry/credentials';
import {
  REGISTRY, REGISTRY_DOCKER_CONFIG, REGISTRY_PASSWORD, REGISTRY_REPO, REGISTRY_PLACEMENT, REGISTRY_USER, assertRegistryUp, deleteFromRegistry,
  pushNewContent, registryRef, removeLocalImage,
} from '../support/registry';
import { RUN_ID, RUN_LABEL, uniqueName, waitForRunning } from '../support/swarm';
import { SCREENSHOT_DIR, engine, screenshot, ui, withArtifacts, workbench } from './support/suite';
import { UI_TIMEOUT_MS } from './support/ui';

/** A tag of this run's own: moving it disturbs no other test. */
const TAG = `e2e-${RUN_ID}`;
const IMAGE_REF = registryRef(TAG);
const LOG_OUT_PLACEHOLDER = 'The login to remove from VS Code\'s secret storage';
const NO_LOGINS = /^The editor holds no registry logins\./;

/** Every form a credential of the test login could take in a message or a log line. */
const SECRETS: [string, string][] = [
  ['the password', REGISTRY_PASSWORD],
  ['base64 of user:password', Buffer.from(`${REGISTRY_USER}:${REGISTRY_PASSWORD}`).toString('base64')],
  ['base64 of the password', Buffer.from(REGISTRY_PASSWORD).toString('base64')],
  ['the X-Registry-Auth value', encodeRegistryAuth({ serverAddress: REGISTRY, username: REGISTRY_USER, password: REGISTRY_PASSWORD })],
  ['base64 of the auth JSON', Buffer.from(JSON.stringify({ serveraddress: REGISTRY, username: REGISTRY_USER, password: REGISTRY_PASSWORD })).toString('base64')],
];

function leaked(text: string): string[] {
  return SECRETS.filter(([, s]) => text.includes(s)).map(([what]) => what);
}

/** The docker CLI with the registry's own docker config (never the user's ~/.docker). */
function docker(...args: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile('docker', args, { timeout: 120_000, env: { ...process.env, DOCKER_CONFIG: REGISTRY_DOCKER_CONFIG, DOCKER_CLI_HINTS: 'false' } },
      (err, stdout, stderr) => (err ? reject(new Error(`docker ${args.slice(0, 2).join(' ')}: ${stderr || err.message}`)) : resolve(stdout)));
  });
}

function filesUnder(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    return statSync(p).isDirectory() ? filesUnder(p) : [p];
  });
}

const short = (digest: string) => digest.replace(/^sha256:/, '').slice(0, 12);

// Every notification the workbench shows, read from the DOM as it appears (a toast may close
// before a test step looks): a MutationObserver in the page hands each toast's text to the test
// when the toast appears or its text changes (the same message shown again is reported again).
// The binding and the script survive reloads of the window.
const notifications: string[] = [];
let collecting = false;
const OBSERVER = `(() => {
  const shown = new WeakMap();
  let queued = false;
  const report = () => {
    queued = false;
    for (const el of document.querySelectorAll('.notifications-toasts .notification-list-item')) {
      const text = (el.textContent || '').replace(/\\s+/g, ' ').trim();
      if (text && shown.get(el) !== text) { shown.set(el, text); window.swarmE2eNotification(text); }
    }
  };
  new MutationObserver(() => { if (!queued) { queued = true; setTimeout(report, 30); } })
    .observe(document, { subtree: true, childList: true, characterData: true });
})();`;

async function collectNotifications(): Promise<void> {
  if (collecting) return;
  collecting = true;
  const page = ui().page;
  await page.exposeFunction('swarmE2eNotification', (text: string) => { notifications.push(text); });
  await page.addInitScript(OBSERVER);
  await page.evaluate(OBSERVER);
}

/**
 * Developer: Reload Window from the palette; waits for the new window's workbench, and for the
 * Services view to show `row` again (until the window has restored its views, they take the
 * focus, and keys typed into the palette meanwhile are lost).
 */
async function reloadWindow(row: string): Promise<void> {
  const page = ui().page;
  await page.evaluate(() => { (globalThis as { swarmE2eOld?: boolean }).swarmE2eOld = true; });
  await ui().closeMenus();
  await page.keyboard.press('F1');
  await ui().waitForQuickInput();
  await page.keyboard.type('Developer: Reload Window');
  await ui().until('"Developer: Reload Window" first in the palette', async () => (await ui().quickPickLabels())[0] === 'Developer: Reload Window',
    UI_TIMEOUT_MS, async () => JSON.stringify(await ui().quickPickLabels()));
  await Promise.all([page.waitForEvent('load', { timeout: 60_000 }), page.keyboard.press('Enter')]);
  await ui().until('a new window', async () => !(await page.evaluate(() => (globalThis as { swarmE2eOld?: boolean }).swarmE2eOld).catch(() => true)), 60_000);
  await page.locator('.monaco-workbench').waitFor({ timeout: 60_000 });
  await page.locator('.part.activitybar').waitFor({ timeout: 60_000 });
  await ui().openSwarmView();
  await ui().revealRow(row, 60_000);
  await page.waitForTimeout(1000);
}

/** The rows Log Out of Registry… offers (label and description), or its notification when it offers none. */
async function openLogOut(): Promise<{ rows: { label: string; description: string }[] } | { message: string }> {
  const before = notifications.length;
  await ui().runFromPalette('Docker Swarm: Log Out of Registry…');
  return ui().until('Log Out of Registry… to show its pick or a notification', async () => {
    if (await ui().quickInputBox.isVisible() && (await ui().quickInputBox.getAttribute('placeholder')) === LOG_OUT_PLACEHOLDER) {
      const rows = await ui().quickPickRows().all();
      if (rows.length === 0) return undefined;
      return {
        rows: await Promise.all(rows.map(async (r) => ({
          label: (await r.locator('.label-name').first().innerText()).trim(),
          description: (await r.locator('.label-description').first().innerText().catch(() => '')).trim(),
        }))),
      };
    }
    const message = notifications.slice(before).find((n) => NO_LOGINS.test(n));
    return message ? { message } : undefined;
  }, UI_TIMEOUT_MS, async () => JSON.stringify({ toasts: await ui().toastTexts(), notifications: notifications.slice(before) }));
}

describe('private registries (e2e)', function () {
  this.timeout(180_000);
  const pushed: string[] = [];
  let service: { name: string; id: string } | undefined;
  let loggedIn = false;

  before(async function () {
    this.timeout(240_000);
    await withArtifacts('private registries before', async () => {
      await assertRegistryUp();
      await collectNotifications();
      pushed.push(await pushNewContent(TAG));
      // The task must pull (with the login the CLI sends along): no local copy of the image.
      await removeLocalImage(IMAGE_REF);
      const name = uniqueName('reg');
      const id = (await docker('service', 'create', '--detach', '--quiet', '--with-registry-auth', '--name', name,
        '--label', `${RUN_LABEL}=${RUN_ID}`, ...REGISTRY_PLACEMENT.flatMap((c) => ['--constraint', c]),
        '--stop-grace-period', '1s', '--restart-delay', '1s',
        IMAGE_REF, 'sh', '-c', 'trap \'exit 0\' TERM; while true; do sleep 1; done')).trim();
      service = { name, id };
      assert.equal((await engine.inspectService(id)).Spec?.TaskTemplate?.ContainerSpec?.Image, `${IMAGE_REF}@${pushed[0]}`, 'the CLI pinned the tag to its digest');
      await waitForRunning(engine, id, 1, 90_000);
      await ui().openSwarmView();
      await ui().widenSidebar(620);
      await ui().revealRow(name);
    });
  });

  after(async function () {
    this.timeout(120_000);
    // A login left behind by a failed step would be seen by the suites after this one.
    if (loggedIn) {
      await (async () => {
        for (let i = 0; i < 3 && await ui().quickInput.isVisible(); i++) await ui().page.keyboard.press('Escape');
        const shown = await openLogOut();
        if ('rows' in shown) {
          await ui().pick(REGISTRY);
          await ui().waitForQuickInputClosed();
        }
      })().catch((e: Error) => console.log(`      logging out of ${REGISTRY} after the tests failed: ${e.message}`));
    }
    if (service) await engine.removeService(service.id).catch(() => undefined);
    await removeLocalImage(IMAGE_REF).catch(() => undefined);
    // The content the tag no longer names stays local under its digest (the task pulled it).
    for (const d of pushed) await removeLocalImage(`${REGISTRY_REPO}@${d}`).catch(() => undefined);
    for (const d of pushed) await deleteFromRegistry(d).catch(() => undefined);
  });

  afterEach(() => ui().dismissOverlays());

  it('Log In to Registry… from the palette: Other registry…, the host, the user, the password in a password field; the engine confirms it', async () => {
    await ui().dismissToasts();
    const before = notifications.length;
    await ui().runFromPalette('Docker Swarm: Log In to Registry…');
    await ui().waitForQuickPick('The registry to log in to');
    await ui().pick('Other registry…', 'Other registry');

    const waitForTitle = (title: string) => ui().until(`the input box "${title}"`, async () =>
      (await ui().quickInputBox.isVisible()) && (await ui().quickInputTitle.innerText()).trim() === title,
    UI_TIMEOUT_MS, () => ui().quickInputTitle.innerText());
    // The box validates each keystroke in the extension host; Enter is ignored while a message
    // about an earlier, partial text (such as "127.0.0.1:") still shows, so each Enter waits for
    // the prompt to be back, as a person would look before pressing it.
    const enterOnPrompt = async (prompt: string) => {
      await ui().until(`the prompt "${prompt}", without a validation message`, async () => (await ui().quickInputMessage.innerText()).trim().startsWith(prompt),
        UI_TIMEOUT_MS, () => ui().quickInputMessage.innerText());
      await ui().page.keyboard.press('Enter');
    };
    await waitForTitle('Log In to Registry');
    assert.notEqual(await ui().quickInputBox.getAttribute('type'), 'password', 'the host is not hidden');
    await ui().typeInQuickInput(REGISTRY);
    await enterOnPrompt('Registry host, with its port if not 443 (e.g. registry.example.org:5000)');

    await waitForTitle(`Log In to ${REGISTRY}`);
    await ui().typeInQuickInput(REGISTRY_USER);
    await enterOnPrompt('User name');

    await waitForTitle(`Log In to ${REGISTRY} as ${REGISTRY_USER}`);
    assert.equal(await ui().quickInputBox.getAttribute('type'), 'password', 'the password is typed into a password field');
    await ui().typeInQuickInput(REGISTRY_PASSWORD);
    await screenshot('registry-login-password');
    await enterOnPrompt('Password or access token (kept in VS Code\'s secret storage)');
    await ui().waitForQuickInputClosed();
    loggedIn = true;

    await ui().waitForToast(`Logged in to ${REGISTRY} as ${REGISTRY_USER}.`);
    assert.deepEqual(await ui().errorToasts(), []);
    assert.ok(notifications.slice(before).some((n) => n.startsWith(`Logged in to ${REGISTRY} as ${REGISTRY_USER}. The credentials are kept in VS Code's secret storage.`)),
      JSON.stringify(notifications.slice(before)));
  });

  it('after Developer: Reload Window, Log Out of Registry… still lists the login (Escape: nothing removed)', async function () {
    this.timeout(180_000);
    assert.ok(service);
    // Where code-server's workbench keeps the secrets (sealed, in the page's localStorage): for
    // the message, should the login be gone after the reload.
    const sealed = () => ui().page.evaluate(() =>
      (globalThis as unknown as { localStorage: { getItem(key: string): string | null } }).localStorage.getItem('secrets.provider')?.length ?? 0);
    const sealedBefore = await sealed();
    await reloadWindow(service.name);
    for (let round = 1; round <= 2; round++) {
      const shown = await openLogOut();
      assert.ok('rows' in shown, `the login did not survive the reload: Log Out said ${JSON.stringify(shown)} `
        + `(sealed secrets in localStorage: ${sealedBefore} characters before the reload, ${await sealed()} after)`);
      assert.deepEqual(shown.rows, [{ label: REGISTRY, description: REGISTRY_USER }]);
      if (round === 1) await screenshot('registry-logout-pick');
      await ui().page.keyboard.press('Escape');
      await ui().waitForQuickInputClosed();
    }
  });

  it('Redeploy with Latest Image from the context menu: the tag pushed again, the service rolls to the new digest with the editor\'s login, and the row\'s hover names it', async function () {
    this.timeout(240_000);
    assert.ok(service);
    const { name, id } = service;
    const next = await pushNewContent(TAG);
    pushed.push(next);
    assert.notEqual(next, pushed[0], 'the push moved the tag');
    // The new task must pull it, with the credentials the extension sends.
    await removeLocalImage(IMAGE_REF);
    await ui().openSwarmView();
    await ui().widenSidebar(620);
    await ui().dismissToasts();
    const before = notifications.length;

    const items = await ui().openContextMenu(name);
    assert.ok(items.includes('Redeploy with Latest Image'), JSON.stringify(items));
    await ui().clickMenuItem('Redeploy with Latest Image');
    const said = `Redeploying ${name} to ${IMAGE_REF} (${short(next)}): the tag moved.`;
    await ui().until(`the notification "${said}"`, async () => notifications.slice(before).some((n) => n.startsWith(said)),
      UI_TIMEOUT_MS, async () => JSON.stringify(notifications.slice(before)));
    assert.equal((await engine.inspectService(id)).Spec?.TaskTemplate?.ContainerSpec?.Image, `${IMAGE_REF}@${next}`, 'the engine\'s spec has the new digest');
    await ui().until('a task of the new digest running (pulled from the registry)', async () => {
      const tasks = await engine.serviceTasks(id, { 'desired-state': 'running' });
      return tasks.some((t) => t.Status?.State === 'running' && t.Spec?.ContainerSpec?.Image === `${IMAGE_REF}@${next}`);
    }, 90_000, async () => JSON.stringify((await engine.serviceTasks(id)).map((t) => [t.Status?.State, t.Status?.Err, t.Spec?.ContainerSpec?.Image])));
    assert.deepEqual(await ui().errorToasts(), []);

    // The row names the tag; its hover the digest it is pinned to.
    await ui().until(`${name} to read "replicated 1/1  ${IMAGE_REF}"`, async () => {
      const d = await ui().rowDescription(name);
      return d.startsWith('replicated 1/1 ') && d.includes(` ${IMAGE_REF} `) && !d.includes('@sha256:');
    }, 60_000, () => ui().rowDescription(name));
    await ui().until('the row\'s tooltip to name the new digest', async () => (await ui().rowTooltip(name)).includes(`Pinned to: ${next}`),
      UI_TIMEOUT_MS, () => ui().rowTooltip(name));
    const row = (await ui().revealRow(name)).first();
    await ui().dismissToasts();
    await row.hover();
    let hoveredAt = Date.now();
    const hover = ui().page.locator('.monaco-hover').filter({ visible: true }).first();
    const text = await ui().until('the hover to show "Pinned to: <new digest>"', async () => {
      const t = await hover.innerText().catch(() => '');
      if (t.includes(`Pinned to: ${next}`)) return t;
      // A row the tree draws anew under the pointer (the engine changed) shows no hover: after a
      // few seconds without one, point at it again, as a person would.
      if (!t && Date.now() - hoveredAt > 3000) {
        await ui().parkMouse();
        await (await ui().revealRow(name)).first().hover();
        hoveredAt = Date.now();
      }
      return undefined;
    }, UI_TIMEOUT_MS, () => hover.innerText().catch(() => '(no hover)'));
    assert.ok(text.includes(`Image: ${IMAGE_REF}`), text);
    mkdirSync(SCREENSHOT_DIR, { recursive: true });
    await ui().page.screenshot({ path: join(SCREENSHOT_DIR, 'redeploy-latest-hover.png') });
    await ui().parkMouse();
  });

  it('Log Out of Registry… removes the login; after another reload it says the editor holds no registry logins', async function () {
    this.timeout(180_000);
    await ui().dismissToasts();
    const shown = await openLogOut();
    assert.ok('rows' in shown, JSON.stringify(shown));
    await ui().pick(REGISTRY);
    await ui().waitForQuickInputClosed();
    await ui().waitForToast(`Logged out of ${REGISTRY}: the editor's credentials for it are removed.`);
    loggedIn = false;
    assert.ok(service);
    await reloadWindow(service.name);
    const after = await openLogOut();
    assert.ok('message' in after, `no login is left, but Log Out offered: ${JSON.stringify(after)}`);
  });

  it('no credential in any notification shown, in the page, nor in any log file of the workbench', async () => {
    assert.deepEqual(leaked(await ui().page.content()), [], 'a credential in the page');
    assert.ok(notifications.some((n) => n.startsWith(`Logged in to ${REGISTRY}`)), 'the notifications were collected');
    for (const n of notifications) assert.deepEqual(leaked(n), [], `a credential in the notification "${n.slice(0, 80)}…"`);

    const wb = workbench();
    const files = [...filesUnder(join(wb.userDataDir, 'logs')), wb.codeServerLog, wb.browserLog].filter((f) => existsSync(f));
    const logText = files.map((f) => readFileSync(f, 'utf8')).join('\n');
    // The extension's log is among them, and it logged the registry steps.
    assert.ok(logText.includes(`Stored the editor's login to ${REGISTRY} as ${REGISTRY_USER}.`), `the extension's log is among the ${files.length} files read`);
    assert.ok(logText.includes('Redeploy with Latest Image:'), 'the redeploy was logged');
    for (const f of files) assert.deepEqual(leaked(readFileSync(f, 'utf8')), [], `a credential in ${f}`);
    // Nor in the settings.
    assert.deepEqual(leaked(filesUnder(join(wb.userDataDir, 'User')).map((f) => readFileSync(f, 'utf8')).join('\n')), []);
  });
});
