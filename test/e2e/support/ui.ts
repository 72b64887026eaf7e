// What a person does in the workbench, as Playwright steps: open the Docker Swarm view, find
// rows of the Services tree, use context menus, the command palette, input boxes, quick
// picks, modal dialogs and notifications. Selectors are those of VS Code 1.139 (code-server
// 4.139); when the workbench changes, this is the one file to adapt.
import type { Locator, Page } from 'playwright-core';
import { waitFor } from '../../support/swarm';

/** How long the UI may take to follow the engine (the view polls every 2 s in this suite). */
export const UI_TIMEOUT_MS = 20_000;

export class WorkbenchUi {
  constructor(readonly page: Page) {}

  // ---- waiting --------------------------------------------------------------------

  /** Polls `probe` until it returns something other than undefined/false; the error says what the page last showed. */
  until<T>(what: string, probe: () => Promise<T | undefined | false>, timeoutMs = UI_TIMEOUT_MS, seen?: () => Promise<string>): Promise<T> {
    return waitFor(what, probe, timeoutMs, 250, seen);
  }

  // ---- the Docker Swarm view -------------------------------------------------------

  get sidebar(): Locator {
    return this.page.locator('.part.sidebar');
  }

  activityBarEntry(title: string): Locator {
    return this.page.locator(`.part.activitybar a.action-label[aria-label^="${title}"]`);
  }

  /** The Services view's pane (header and body). */
  get servicesPane(): Locator {
    return this.sidebar.locator('.pane').filter({ has: this.page.locator('.pane-header', { hasText: 'Services' }) });
  }

  /** The Nodes view's pane, below the Services view. */
  get nodesPane(): Locator {
    return this.sidebar.locator('.pane').filter({ has: this.page.locator('.pane-header', { hasText: /^Nodes/ }) });
  }

  /** A row of the Services tree, by its exact label (a service or a task name). */
  row(label: string): Locator {
    return this.servicesPane
      .locator('.monaco-list-row[role="treeitem"]')
      .filter({ has: this.page.locator('.label-name').getByText(label, { exact: true }) });
  }

  /** The task rows shown under a service (level 2, named `<service>.<slot or node>`). */
  taskRows(service: string): Locator {
    return this.servicesPane
      .locator('.monaco-list-row[role="treeitem"][aria-level="2"]')
      .filter({ has: this.page.locator('.label-name', { hasText: new RegExp(`^${escapeRegExp(service)}\\.`) }) });
  }

  // The tree draws only the rows in view (a swarm may hold hundreds of services), so a row is
  // found as a person finds it: by scrolling the tree with the mouse wheel.

  private get treeList(): Locator {
    return this.servicesPane.locator('.monaco-list').first();
  }

  /** The flat indices (data-index) of the rows drawn now. */
  private async drawnIndices(): Promise<number[]> {
    return this.servicesPane.locator('.monaco-list-row[role="treeitem"]').evaluateAll(
      (rows) => rows.map((r) => Number(r.getAttribute('data-index'))).filter((n) => !Number.isNaN(n)),
    );
  }

  /** Whether the row is drawn and wholly inside the tree's viewport. */
  private async rowInView(label: string): Promise<boolean> {
    const row = this.row(label);
    if ((await row.count()) === 0) return false;
    const [r, list] = await Promise.all([row.first().boundingBox(), this.treeList.boundingBox()]);
    return !!r && !!list && r.y >= list.y - 1 && r.y + r.height <= list.y + list.height + 1;
  }

  /**
   * Scrolls the Services tree until the row is in view, with the row at the top (so the tasks
   * under an expanded service are in view too). Returns false when no row has that label.
   */
  async scrollToRow(label: string): Promise<boolean> {
    const list = await this.treeList.boundingBox();
    if (!list) return false;
    const wheelAt = async (dy: number): Promise<void> => {
      await this.page.mouse.move(list.x + list.width / 2, list.y + Math.min(list.height / 2, 60));
      await this.page.mouse.wheel(0, dy);
      await this.page.waitForTimeout(60);
    };
    const bringToTop = async (): Promise<void> => {
      const r = await this.row(label).first().boundingBox();
      if (r && Math.abs(r.y - list.y) > 2) await wheelAt(r.y - list.y);
    };
    if (await this.rowInView(label)) {
      await bringToTop();
      if (await this.rowInView(label)) return true;
    }
    await wheelAt(-1_000_000);
    for (let step = 0; step < 200; step++) {
      if ((await this.row(label).count()) > 0) {
        await bringToTop();
        if (await this.rowInView(label)) return true;
      }
      const before = Math.max(-1, ...(await this.drawnIndices()));
      await wheelAt(list.height * 0.8);
      const after = Math.max(-1, ...(await this.drawnIndices()));
      if (after <= before) return (await this.row(label).count()) > 0 && this.rowInView(label);
    }
    return false;
  }

  /** Waits until the tree has a row with this label, scrolled into view. */
  async revealRow(label: string, timeoutMs = UI_TIMEOUT_MS): Promise<Locator> {
    await this.until(`a row "${label}" in the Services tree`, () => this.scrollToRow(label), timeoutMs, () => this.describeView());
    return this.row(label);
  }

  /** Waits until no row of the tree has this label. */
  async waitForRowGone(label: string, timeoutMs = UI_TIMEOUT_MS): Promise<void> {
    await this.until(`the row "${label}" to leave the Services tree`, async () => !(await this.scrollToRow(label)), timeoutMs);
  }

  async rowDescription(label: string): Promise<string> {
    const row = await this.revealRow(label);
    return (await row.locator('.label-description').first().innerText()).trim();
  }

  /** The row's accessible label: its name, then its tooltip (id, version, labels…). */
  async rowTooltip(label: string): Promise<string> {
    const row = await this.revealRow(label);
    return (await row.first().getAttribute('aria-label')) ?? '';
  }

  /** The labels of the top-level rows shown now. */
  async serviceLabels(): Promise<string[]> {
    return this.servicesPane.locator('.monaco-list-row[role="treeitem"][aria-level="1"] .label-name').allInnerTexts();
  }

  /** What the view shows: rows, or its message / welcome text; for error messages. */
  async describeView(): Promise<string> {
    const rows = await this.serviceLabels().catch(() => []);
    const message = await this.servicesPane.locator('.message').allInnerTexts().catch(() => []);
    const welcome = await this.servicesPane.locator('.welcome-view-content').allInnerTexts().catch(() => []);
    return JSON.stringify({ rows, message: message.filter(Boolean), welcome: welcome.filter(Boolean) });
  }

  async openSwarmView(): Promise<void> {
    const entry = this.activityBarEntry('Docker Swarm');
    await entry.waitFor({ timeout: 60_000 });
    // Clicked only while the container is not the active one: right after a reload the workbench
    // may restore it a moment later, and a click on an active entry hides the side bar again.
    await this.until('the Docker Swarm views to show', async () => {
      if ((await this.servicesPane.count()) > 0 && (await this.servicesPane.isVisible())) return true;
      const active = await entry.evaluate((el) => el.closest('.action-item')?.classList.contains('checked') ?? false);
      if (!active) await entry.click();
      return false;
    }, UI_TIMEOUT_MS);
    await this.collapseNodesView();
  }

  /**
   * Collapses the Nodes view (a click on its header), so the Services tree has the side bar's
   * height: the tree draws only the rows that fit, and the swarm may hold other services too.
   */
  async collapseNodesView(): Promise<void> {
    const header = this.nodesPane.locator('.pane-header');
    if ((await header.count()) === 1 && (await header.isVisible()) && (await header.getAttribute('aria-expanded')) === 'true') {
      await header.click();
      await this.until('the Nodes view to collapse', async () => (await header.getAttribute('aria-expanded')) === 'false');
    }
  }

  // ---- the Secrets, Configs and Networks views (a few rows each: no scrolling needed) ----

  /** A view's pane in the Docker Swarm container, by its title (Secrets, Configs, Networks). */
  pane(title: string): Locator {
    return this.sidebar.locator('.pane').filter({ has: this.page.locator('.pane-header', { hasText: new RegExp(`^${escapeRegExp(title)}`) }) });
  }

  /** Expands a collapsed view (a click on its header), as a person opens it. */
  async expandPane(title: string): Promise<void> {
    const header = this.pane(title).locator('.pane-header');
    await header.waitFor({ timeout: UI_TIMEOUT_MS });
    if ((await header.getAttribute('aria-expanded')) !== 'true') {
      await header.click();
      await this.until(`the ${title} view to expand`, async () => (await header.getAttribute('aria-expanded')) === 'true');
    }
  }

  /** Collapses a view again (a click on its header), giving its height back to the others. */
  async collapsePane(title: string): Promise<void> {
    const header = this.pane(title).locator('.pane-header');
    if ((await header.count()) === 1 && (await header.getAttribute('aria-expanded')) === 'true') {
      await header.click();
      await this.until(`the ${title} view to collapse`, async () => (await header.getAttribute('aria-expanded')) === 'false');
    }
  }

  /** A top-level row of a view, by its exact label. */
  paneRow(title: string, label: string): Locator {
    return this.pane(title)
      .locator('.monaco-list-row[role="treeitem"]')
      .filter({ has: this.page.locator('.label-name').getByText(label, { exact: true }) });
  }

  /** Waits until a view shows a row with this label. */
  async waitForPaneRow(title: string, label: string, timeoutMs = UI_TIMEOUT_MS): Promise<Locator> {
    const row = this.paneRow(title, label);
    await this.until(`a row "${label}" in the ${title} view`, async () => (await row.count()) > 0 && (await row.first().isVisible()), timeoutMs,
      async () => JSON.stringify(await this.pane(title).locator('.monaco-list-row .label-name').allInnerTexts()));
    return row.first();
  }

  /** Waits until no row of a view has this label. */
  async waitForPaneRowGone(title: string, label: string, timeoutMs = UI_TIMEOUT_MS): Promise<void> {
    await this.until(`the row "${label}" to leave the ${title} view`, async () => (await this.paneRow(title, label).count()) === 0, timeoutMs);
  }

  async expand(label: string): Promise<void> {
    const row = await this.revealRow(label);
    if ((await row.getAttribute('aria-expanded')) !== 'true') {
      await row.locator('.monaco-tl-twistie').click();
      await this.until(`${label} to expand`, async () => (await row.getAttribute('aria-expanded')) === 'true');
    }
    // Its tasks are drawn below it: bring it to the top (the tree has grown by them).
    await this.scrollToRow(label);
  }

  /** The task rows under a service, with the service scrolled to the top so they are drawn. */
  async tasksOf(service: string): Promise<Locator> {
    await this.revealRow(service);
    return this.taskRows(service);
  }

  async collapse(label: string): Promise<void> {
    const row = await this.revealRow(label);
    if ((await row.getAttribute('aria-expanded')) === 'true') {
      await row.locator('.monaco-tl-twistie').click();
      await this.until(`${label} to collapse`, async () => (await row.getAttribute('aria-expanded')) === 'false');
    }
  }

  /**
   * The actions of the Services view's title bar. As the container's only view, its title is
   * merged into the side bar's title ("Docker Swarm: Services"); beside other views it has a
   * pane header of its own. Both are looked at, visible ones only.
   */
  private titleActions(): Locator {
    return this.sidebar
      .locator('.composite.title .title-actions a.action-label, .pane-header .actions a.action-label')
      .filter({ visible: true });
  }

  /** Clicks an action of the Services view's title bar (Refresh, Filter Tasks…, …). */
  async viewTitleAction(title: string): Promise<void> {
    const action = this.titleActions().and(this.page.locator(`[aria-label="${title}"]`));
    // A pane header shows its actions only while the pointer is over the view.
    if ((await action.count()) === 0) await this.servicesPane.locator('.pane-header').first().hover().catch(() => undefined);
    await action.first().waitFor({ timeout: UI_TIMEOUT_MS });
    await action.first().click();
  }

  async viewTitleActions(): Promise<string[]> {
    const labels = await this.titleActions().evaluateAll((els) => els.map((e) => e.getAttribute('aria-label') ?? ''));
    return labels.filter(Boolean);
  }

  // ---- context menus ---------------------------------------------------------------

  get contextMenu(): Locator {
    return this.page.locator('.context-view .monaco-menu');
  }

  /** Right-clicks a row and returns the titles of its context menu (the menu stays open). */
  async openContextMenu(label: string): Promise<string[]> {
    return this.openContextMenuOn(await this.revealRow(label));
  }

  /** Right-clicks an element (a tree row, an editor tab) and returns its context menu's titles (the menu stays open). */
  async openContextMenuOn(row: Locator): Promise<string[]> {
    // The tree redraws when the engine changes; a right-click that lands while the row is
    // being replaced opens nothing, and a person would simply right-click again.
    for (let attempt = 1; ; attempt++) {
      await this.dismissHover();
      try {
        await row.click({ button: 'right', timeout: attempt < 3 ? 10_000 : UI_TIMEOUT_MS });
        await this.contextMenu.waitFor({ timeout: attempt < 3 ? 3000 : UI_TIMEOUT_MS });
        break;
      } catch (e) {
        if (attempt >= 3) throw e;
      }
    }
    // A menu only takes clicks about 100 ms after it opened (so the right-click's release
    // cannot pick an item); a person is never faster than that.
    await this.page.waitForTimeout(250);
    return (await this.contextMenu.getByRole('menuitem').allInnerTexts()).map((t) => t.trim()).filter(Boolean);
  }

  async contextMenuCommand(label: string, command: string): Promise<void> {
    const items = await this.openContextMenu(label);
    if (!items.includes(command)) throw new Error(`"${command}" is not in the context menu of ${label}: ${JSON.stringify(items)}`);
    await this.clickMenuItem(command);
  }

  /** Clicks an item of the open context menu. */
  async clickMenuItem(command: string): Promise<void> {
    await this.contextMenu.getByRole('menuitem', { name: command, exact: true }).click();
    await this.contextMenu.waitFor({ state: 'hidden', timeout: UI_TIMEOUT_MS });
  }

  /** Leaves no menu, input or dialog open for the next step (Escape, up to three times). */
  async dismissOverlays(): Promise<void> {
    for (let i = 0; i < 3; i++) {
      if (await this.contextMenu.isVisible() || await this.quickInput.isVisible() || await this.dialog.isVisible()) {
        await this.page.keyboard.press('Escape');
        await this.page.waitForTimeout(200);
      }
    }
  }

  async closeMenus(): Promise<void> {
    if (await this.contextMenu.isVisible()) {
      await this.page.keyboard.press('Escape');
      await this.contextMenu.waitFor({ state: 'hidden', timeout: UI_TIMEOUT_MS });
    }
  }

  // ---- quick input (input boxes, quick picks, the command palette) -------------------

  get quickInput(): Locator {
    return this.page.locator('.quick-input-widget');
  }

  get quickInputBox(): Locator {
    return this.quickInput.locator('.quick-input-box input');
  }

  get quickInputMessage(): Locator {
    return this.quickInput.locator('.quick-input-message');
  }

  get quickInputTitle(): Locator {
    return this.quickInput.locator('.quick-input-title');
  }

  quickPickRows(): Locator {
    return this.quickInput.locator('.quick-input-list .monaco-list-row');
  }

  /** The labels of the quick pick's rows (not their descriptions or details). */
  async quickPickLabels(): Promise<string[]> {
    const rows = await this.quickPickRows().all();
    return Promise.all(rows.map(async (r) => (await r.locator('.label-name').first().innerText().catch(() => '')).trim()));
  }

  async waitForQuickInput(): Promise<void> {
    await this.quickInputBox.waitFor({ timeout: UI_TIMEOUT_MS });
  }

  async waitForQuickInputClosed(): Promise<void> {
    await this.quickInput.waitFor({ state: 'hidden', timeout: UI_TIMEOUT_MS });
  }

  /** Replaces the input box's text as a person would: select all, type. */
  async typeInQuickInput(text: string): Promise<void> {
    await this.quickInputBox.focus();
    await this.page.keyboard.press('ControlOrMeta+a');
    if (text === '') await this.page.keyboard.press('Backspace');
    else await this.page.keyboard.type(text);
  }

  /**
   * Runs a command from the palette and waits for the quick pick it opens. Once in a fresh-clone
   * run the quick pick of Filter Tasks… never showed (nothing logged, not reproduced since):
   * a person seeing nothing happen runs the command again, and so does this, once.
   */
  async runFromPaletteTo(title: string, placeholder: string | RegExp): Promise<void> {
    await this.runFromPalette(title);
    try {
      await this.waitForQuickPick(placeholder, 8000);
    } catch {
      await this.page.keyboard.press('Escape');
      await this.runFromPalette(title);
      await this.waitForQuickPick(placeholder);
    }
  }

  /** Waits for a quick pick whose placeholder matches (the one a command opened, not an earlier one). */
  async waitForQuickPick(placeholder: string | RegExp, timeoutMs = UI_TIMEOUT_MS): Promise<void> {
    await this.until(`a quick pick "${String(placeholder)}"`, async () => {
      if (!(await this.quickInputBox.isVisible())) return false;
      const shown = (await this.quickInputBox.getAttribute('placeholder')) ?? '';
      return typeof placeholder === 'string' ? shown === placeholder : placeholder.test(shown);
    }, timeoutMs, async () => `placeholder "${(await this.quickInputBox.getAttribute('placeholder').catch(() => '')) ?? ''}"`);
  }

  /**
   * Types `filter` into the open quick pick and presses Enter once the top row's label is
   * `label`. The list draws only the rows that fit, so a row is found by filtering, as a
   * person does in a long list.
   */
  async pick(label: string, filter = label): Promise<void> {
    await this.waitForQuickInput();
    await this.typeInQuickInput(filter);
    await this.until(`"${label}" at the top of the quick pick`, async () => {
      const [first] = await this.quickPickLabels();
      return first === label;
    }, UI_TIMEOUT_MS, async () => JSON.stringify(await this.quickPickLabels()));
    await this.page.keyboard.press('Enter');
  }

  /**
   * F1 and `filter`: the labels of the commands the palette offers for it, read once the list
   * holds `expected` (a command that must be offered, so an empty or still-loading list is not
   * taken for an answer). The palette is closed again.
   */
  async paletteOffers(filter: string, expected: string): Promise<string[]> {
    await this.closeMenus();
    await this.page.keyboard.press('F1');
    await this.waitForQuickInput();
    await this.until('the command palette', async () => (await this.quickInputBox.inputValue()).startsWith('>'));
    await this.page.keyboard.type(filter);
    try {
      return await this.until(`"${expected}" in the command palette for "${filter}"`, async () => {
        const labels = await this.quickPickLabels();
        return labels.includes(expected) ? labels : undefined;
      }, UI_TIMEOUT_MS, async () => JSON.stringify(await this.quickPickLabels()));
    } finally {
      await this.page.keyboard.press('Escape');
      await this.waitForQuickInputClosed();
    }
  }

  /** F1, the command's title, Enter: runs a command from the command palette. */
  async runFromPalette(title: string): Promise<void> {
    await this.closeMenus();
    await this.page.keyboard.press('F1');
    await this.waitForQuickInput();
    await this.until('the command palette', async () => (await this.quickInputBox.inputValue()).startsWith('>'));
    await this.page.keyboard.type(title);
    await this.until(`"${title}" first in the command palette`, async () => {
      const [first] = await this.quickPickLabels();
      return first === title;
    }, UI_TIMEOUT_MS, async () => JSON.stringify(await this.quickPickLabels()));
    await this.page.keyboard.press('Enter');
    // The palette gives way to whatever the command shows next (or nothing).
    await this.until('the command palette to close', async () =>
      !(await this.quickInputBox.isVisible()) || !(await this.quickInputBox.inputValue()).startsWith('>'));
  }

  // ---- dialogs and notifications -----------------------------------------------------

  get dialog(): Locator {
    return this.page.locator('.monaco-dialog-box');
  }

  async dialogText(): Promise<string> {
    await this.dialog.waitFor({ timeout: UI_TIMEOUT_MS });
    return (await this.dialog.innerText()).replace(/\s+/g, ' ').trim();
  }

  async clickDialogButton(name: string): Promise<void> {
    await this.dialog.getByRole('button', { name, exact: true }).click();
    await this.dialog.waitFor({ state: 'hidden', timeout: UI_TIMEOUT_MS });
  }

  get toasts(): Locator {
    return this.page.locator('.notifications-toasts .notification-toast');
  }

  /** Waits for a notification whose text matches. */
  async waitForToast(text: string | RegExp): Promise<Locator> {
    const toast = this.toasts.filter({ hasText: text });
    await toast.first().waitFor({ timeout: UI_TIMEOUT_MS });
    return toast.first();
  }

  /** The text of the error notifications on screen now. */
  async errorToasts(): Promise<string[]> {
    const errors = this.toasts.filter({ has: this.page.locator('.codicon-error') });
    return (await errors.allInnerTexts()).map((t) => t.replace(/\s+/g, ' ').trim());
  }

  /** Closes the notification toasts (best effort: they may be fading or updating meanwhile). */
  async dismissToasts(): Promise<void> {
    for (let i = 0; i < 10 && (await this.toasts.count()) > 0; i++) {
      const toast = this.toasts.first();
      await toast.hover({ timeout: 2000 }).catch(() => undefined);
      await toast.locator('.codicon-notifications-clear').first().click({ timeout: 2000 }).catch(() => undefined);
      await this.page.waitForTimeout(150);
    }
  }

  // ---- the Explorer ------------------------------------------------------------------

  /** The Explorer's tree of the workspace folder's files. */
  get explorerTree(): Locator {
    return this.sidebar.locator('.explorer-folders-view');
  }

  /** A row of the Explorer, by its exact name (a file or folder name). */
  explorerRow(name: string): Locator {
    return this.explorerTree
      .locator('.monaco-list-row[role="treeitem"]')
      .filter({ has: this.page.locator('.label-name').getByText(name, { exact: true }) });
  }

  async openExplorer(): Promise<void> {
    // From the palette: the activity bar entry may wear a badge (unsaved files) that takes the click.
    if ((await this.explorerTree.count()) === 0 || !(await this.explorerTree.isVisible())) await this.runFromPalette('View: Show Explorer');
    await this.explorerTree.waitFor({ timeout: UI_TIMEOUT_MS });
  }

  /** Refresh Explorer, from the command palette (the title bar's button shows only under the pointer). */
  async refreshExplorer(): Promise<void> {
    await this.runFromPalette('Refresh Explorer');
  }

  /**
   * Opens the Explorer and returns the row of a file given by its path in the workspace
   * folder, each folder on the way expanded with a click as a person does. The Explorer learns
   * of files written behind its back from code-server's file watcher, which now and then takes
   * many seconds or misses them: after a few seconds without the file, the Explorer is
   * refreshed with its title bar's button, as a person would.
   */
  async revealExplorerFile(...path: string[]): Promise<Locator> {
    await this.openExplorer();
    for (const [i, name] of path.entries()) {
      const row = this.explorerRow(name).first();
      let lastRefresh = Date.now();
      await this.until(`"${name}" in the Explorer`, async () => {
        if ((await row.count()) > 0 && (await row.isVisible())) return true;
        if (Date.now() - lastRefresh > 3000) {
          lastRefresh = Date.now();
          await this.refreshExplorer();
        }
        return false;
      }, UI_TIMEOUT_MS, async () => JSON.stringify(await this.explorerTree.locator('.label-name').allInnerTexts()));
      if (i < path.length - 1 && (await row.getAttribute('aria-expanded')) !== 'true') {
        await row.click();
        await this.until(`the folder "${name}" to expand`, async () => (await row.getAttribute('aria-expanded')) === 'true');
      }
    }
    await this.parkMouse();
    return this.explorerRow(path[path.length - 1]!).first();
  }

  // ---- panel and editors -------------------------------------------------------------

  get panel(): Locator {
    return this.page.locator('.part.panel');
  }

  /** The lines visible now in the panel's text view (the Output view shows only what fits). */
  async visiblePanelLines(): Promise<string[]> {
    const text = await this.panel.locator('.view-lines').first().innerText().catch(() => '');
    return text.split('\n').map((l) => l.replace(/\u00a0/g, ' ').trimEnd()).filter(Boolean);
  }

  /** The channel picked in the Output view's drop-down. */
  async outputChannel(): Promise<string> {
    const select = this.panel.locator('select').first();
    return select.evaluate((el) => {
      const s = el as unknown as { options: ArrayLike<{ text: string }>; selectedIndex: number };
      return s.options[s.selectedIndex]?.text ?? '';
    });
  }

  get activeEditor(): Locator {
    return this.page.locator('.part.editor .editor-group-container.active .editor-instance');
  }

  /** The active editor tab's title (its name and extension are drawn in separate spans). */
  async activeTabTitle(): Promise<string> {
    const tab = this.page.locator('.part.editor .tabs-container .tab.active').first();
    return (await tab.locator('.monaco-icon-label').first().innerText()).replace(/\s+/g, '');
  }

  async visibleEditorText(): Promise<string> {
    return (await this.activeEditor.locator('.view-lines').first().innerText()).replace(/\u00a0/g, ' ');
  }

  async statusBarItems(): Promise<string[]> {
    return (await this.page.locator('.part.statusbar .statusbar-item').allInnerTexts()).map((t) => t.trim()).filter(Boolean);
  }

  /** An editor tab whose title (name and description) contains `text`. */
  editorTab(text: string): Locator {
    return this.page.locator('.part.editor .tabs-container .tab').filter({ hasText: text });
  }

  /** The titles of the open editor tabs. */
  async tabTitles(): Promise<string[]> {
    // The name and its extension are drawn in separate elements: their text, not their layout.
    const texts = await this.page.locator('.part.editor .tabs-container .tab .monaco-icon-label').evaluateAll((els) => els.map((e) => e.textContent ?? ''));
    return texts.map((t) => t.replace(/\s+/g, ' ').trim());
  }

  async closeAllEditors(): Promise<void> {
    // View: Close All Editors has no default binding in a browser; the palette is what a person uses.
    await this.runFromPalette('View: Close All Editors');
    await this.until('all editors closed', async () => (await this.page.locator('.part.editor .tab').count()) === 0);
  }

  // ---- the terminal (task shells) -------------------------------------------------------

  /** The active terminal's screen (the DOM renderer: the suite turns GPU acceleration off). */
  private get terminalScreen(): Locator {
    return this.panel.locator('.terminal-wrapper.active .xterm');
  }

  /** The names of the open terminals, as their tabs (or the single terminal's title) show them. */
  async terminalTabs(): Promise<string[]> {
    // One terminal: its name in the panel's title; several: a list of tabs beside the terminal.
    const single = await this.panel.locator('.single-terminal-tab').allInnerTexts();
    const listed = await this.panel.locator('.tabs-list .monaco-list-row .label-name').allInnerTexts();
    return [...single, ...listed].map((l) => l.trim()).filter(Boolean);
  }

  /** The rows the active terminal shows now, trailing blanks dropped. */
  async terminalLines(): Promise<string[]> {
    const rows = await this.terminalScreen.locator('.xterm-rows > div').allInnerTexts().catch(() => [] as string[]);
    return rows.map((r) => r.replace(/\u00a0/g, ' ').trimEnd()).filter(Boolean);
  }

  /** How many rows the active terminal shows (one element per row in xterm.js's DOM renderer). */
  async terminalRows(): Promise<number> {
    return this.terminalScreen.locator('.xterm-rows > div').count();
  }

  /** Clicks into the active terminal and types a line, then Enter, as a person does. */
  async typeInTerminal(line: string): Promise<void> {
    await this.terminalScreen.click();
    await this.page.keyboard.type(line, { delay: 20 });
    await this.page.keyboard.press('Enter');
  }

  /** Terminal: Kill All Terminals, from the palette. */
  async killTerminals(): Promise<void> {
    await this.runFromPalette('Terminal: Kill All Terminals');
    await this.until('no terminal left', async () => (await this.panel.locator('.terminal-wrapper').count()) === 0);
  }

  /** Closes the panel with the close button of its title bar. */
  async closePanel(): Promise<void> {
    if (!(await this.panel.isVisible())) return;
    const close = this.panel
      .locator('.title-actions a.action-label, .global-actions a.action-label')
      .and(this.page.locator('[aria-label^="Hide Panel"], [aria-label^="Close Panel"]'))
      .filter({ visible: true });
    await close.first().click();
    await this.panel.waitFor({ state: 'hidden', timeout: UI_TIMEOUT_MS });
  }

  /** Drags the sash right of the side bar so the tree's descriptions fit. */
  async widenSidebar(width: number): Promise<void> {
    const box = await this.sidebar.boundingBox();
    if (!box || box.width >= width) return;
    const x = box.x + box.width;
    const y = box.y + box.height / 2;
    const sash = this.page.locator('.monaco-sash.vertical').filter({ visible: true });
    // The sash is a few pixels wide and centred on the side bar's edge.
    let grabX = x;
    for (const s of await sash.all()) {
      const b = await s.boundingBox();
      if (b && Math.abs(b.x + b.width / 2 - x) <= 4) grabX = b.x + b.width / 2;
    }
    await this.page.mouse.move(grabX, y);
    await this.page.mouse.down();
    await this.page.mouse.move(grabX + (width - box.width) / 2, y, { steps: 4 });
    await this.page.mouse.move(grabX + (width - box.width), y, { steps: 4 });
    await this.page.mouse.up();
  }

  // ---- the view's description, the status bar item, progress notifications --------------

  /** The text beside the Services view's title (the endpoint, a task filter, an engine error). */
  async servicesViewDescription(): Promise<string> {
    const description = this.servicesPane.locator('.pane-header .description');
    if ((await description.count()) === 0) return '';
    return (await description.first().innerText()).replace(/\s+/g, ' ').trim();
  }

  /** The extension's status bar item (its id is `<publisher>.<name>.<item id>`). */
  get endpointStatusItem(): Locator {
    return this.page.locator('.part.statusbar .statusbar-item[id="swarm-services.swarm-services.dockerSwarm.endpoint"]');
  }

  /** Hovers over an element and returns the text of the hover it shows. */
  async hoverText(target: Locator): Promise<string> {
    await target.hover();
    const hover = this.page.locator('.monaco-hover .hover-contents').filter({ visible: true });
    await hover.first().waitFor({ timeout: UI_TIMEOUT_MS });
    const text = (await hover.first().innerText()).trim();
    await this.parkMouse();
    return text;
  }

  /** The text of each notification toast on screen now, whitespace folded. */
  async toastTexts(): Promise<string[]> {
    return (await this.toasts.allInnerTexts()).map((t) => t.replace(/\s+/g, ' ').trim());
  }

  /**
   * A row's hover left open (the pointer rested on another row) can cover the row to click,
   * and a pointer moved onto the hover keeps it open; a person moves the pointer away, or
   * presses Escape, and it goes.
   */
  private async dismissHover(): Promise<void> {
    const hover = this.page.locator('.context-view .hover-contents').filter({ visible: true });
    if ((await hover.count()) === 0) return;
    await this.parkMouse();
    const gone = await hover.first().waitFor({ state: 'hidden', timeout: 3000 }).then(() => true, () => false);
    if (!gone) await this.page.keyboard.press('Escape');
  }

  /** Moves the pointer off anything with a hover (for clean screenshots). */
  async parkMouse(): Promise<void> {
    const size = this.page.viewportSize();
    await this.page.mouse.move((size?.width ?? 1280) - 5, (size?.height ?? 800) / 2);
  }
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
