// A Host that answers prompts from a script instead of a person, and records what the user
// would have been told: every confirmation with its detail and button, every notification
// with its buttons. Input boxes run their own validateInput first, like the real one: an
// answer it rejects is recorded and the box is dismissed, so nothing is sent. A notification
// button is clicked only when the test said so (`click`, or `clickLater` for one left open a while), as a person would.
import type * as vscode from 'vscode';
import type { Host } from '../../src/host';

export type Answer = string | undefined | ((items: readonly vscode.QuickPickItem[]) => vscode.QuickPickItem | undefined);

export class ScriptedHost implements Host {
  readonly answers: Answer[] = [];
  readonly infos: string[] = [];
  readonly errors: string[] = [];
  /** The messages of the modal confirmations shown, in order. */
  readonly confirms: string[] = [];
  /** The same confirmations whole: message, detail and the confirming button. */
  readonly confirmations: { message: string; detail: string; button: string }[] = [];
  /** The modal questions with several buttons: message, detail and the buttons offered. */
  readonly choices: { message: string; detail: string; buttons: string[] }[] = [];
  /** Every notification shown, with the buttons it offered. */
  readonly notifications: { kind: 'info' | 'error'; message: string; buttons: string[] }[] = [];
  /** The options of every quick pick shown (title, placeholder, canPickMany). */
  readonly quickPicks: { options: vscode.QuickPickOptions | undefined; labels: string[] }[] = [];
  private readonly clicks: string[] = [];
  readonly validationMessages: string[] = [];
  readonly inputBoxes: vscode.InputBoxOptions[] = [];
  readonly progressTitles: string[] = [];
  progressOpen = 0;

  answer(...answers: Answer[]): this {
    this.answers.push(...answers);
    return this;
  }

  /** The next notification that offers this button gets it clicked (one click per call). */
  click(button: string): this {
    this.clicks.push(button);
    return this;
  }

  private readonly held: { button: string; answer: Promise<string | undefined> }[] = [];

  /**
   * The next notification that offers this button stays open until the test calls the function
   * returned: then the button is clicked, as a person coming back to it later would.
   */
  clickLater(button: string): () => void {
    let click: () => void = () => undefined;
    const answer = new Promise<string | undefined>((resolve) => (click = () => resolve(button)));
    this.held.push({ button, answer });
    return () => click();
  }

  /** Waits until a notification matching `pattern` has been shown; returns it. */
  async notified(pattern: RegExp, timeoutMs = 30_000): Promise<{ kind: 'info' | 'error'; message: string; buttons: string[] }> {
    const until = Date.now() + timeoutMs;
    for (;;) {
      const found = this.notifications.find((n) => pattern.test(n.message));
      if (found) return found;
      if (Date.now() > until) throw new Error(`no notification matching ${pattern} (shown: ${this.notifications.map((n) => n.message).join(' | ') || 'none'})`);
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  private next(): Answer {
    if (this.answers.length === 0) throw new Error('ScriptedHost: a prompt appeared that the test did not expect');
    return this.answers.shift();
  }

  async showInputBox(options: vscode.InputBoxOptions): Promise<string | undefined> {
    this.inputBoxes.push(options);
    const a = this.next();
    if (typeof a !== 'string') return undefined;
    const message = await options.validateInput?.(a);
    if (message) {
      this.validationMessages.push(typeof message === 'string' ? message : message.message);
      return undefined;
    }
    return a;
  }

  async showQuickPick<T extends vscode.QuickPickItem>(items: readonly T[], options?: vscode.QuickPickOptions): Promise<T | undefined> {
    this.quickPicks.push({ options, labels: items.map((i) => i.label) });
    const a = this.next();
    if (a === undefined) return undefined;
    if (typeof a === 'function') return a(items) as T | undefined;
    return items.find((i) => i.label === a);
  }

  /** Answered like a confirmation: the scripted answer is the button clicked, if offered. */
  async choose(message: string, detail: string, buttons: readonly string[]): Promise<string | undefined> {
    this.choices.push({ message, detail, buttons: [...buttons] });
    const a = this.next();
    return typeof a === 'string' && buttons.includes(a) ? a : undefined;
  }

  async confirm(message: string, detail: string, button: string): Promise<string | undefined> {
    this.confirms.push(message);
    this.confirmations.push({ message, detail, button });
    const a = this.next();
    return a === button ? button : undefined;
  }

  async showInformationMessage(message: string, ...buttons: string[]): Promise<string | undefined> {
    this.infos.push(message);
    return this.notify('info', message, buttons);
  }

  async showErrorMessage(message: string, ...buttons: string[]): Promise<string | undefined> {
    this.errors.push(message);
    return this.notify('error', message, buttons);
  }

  private notify(kind: 'info' | 'error', message: string, buttons: string[]): string | undefined | Promise<string | undefined> {
    this.notifications.push({ kind, message, buttons });
    const h = this.held.findIndex((x) => buttons.includes(x.button));
    if (h >= 0) return this.held.splice(h, 1)[0]!.answer;
    const i = this.clicks.findIndex((b) => buttons.includes(b));
    return i < 0 ? undefined : this.clicks.splice(i, 1)[0];
  }

  readonly progressMessages: string[] = [];
  /** The titles of the open-file dialogs shown. */
  readonly fileDialogs: string[] = [];

  /** Answered with a path from the script (a string), or cancelled. */
  async pickFile(title: string): Promise<vscode.Uri | undefined> {
    this.fileDialogs.push(title);
    const a = this.next();
    if (typeof a !== 'string') return undefined;
    const { Uri } = await import('vscode');
    return Uri.file(a);
  }

  async withCancellableProgress<R>(title: string, task: (p: vscode.Progress<{ message?: string }>, cancelled: () => boolean) => Thenable<R>): Promise<R> {
    this.progressTitles.push(title);
    this.progressOpen++;
    try {
      return await task({ report: (v) => v.message && this.progressMessages.push(v.message) }, () => false);
    } finally {
      this.progressOpen--;
    }
  }

  async withProgress<R>(title: string, task: (p: vscode.Progress<{ message?: string }>) => Thenable<R>): Promise<R> {
    this.progressTitles.push(title);
    this.progressOpen++;
    try {
      return await task({ report: (v) => v.message && this.progressMessages.push(v.message) });
    } finally {
      this.progressOpen--;
    }
  }
}
