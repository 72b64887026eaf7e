// A Host that answers prompts from a script instead of a person, and records what the user
// would have been told. Input boxes run their own validateInput first, like the real one:
// an answer it rejects is recorded and the box is dismissed, so nothing is sent.
import type * as vscode from 'vscode';
import type { Host } from '../../src/host';

export type Answer = string | undefined | ((items: readonly vscode.QuickPickItem[]) => vscode.QuickPickItem | undefined);

export class ScriptedHost implements Host {
  readonly answers: Answer[] = [];
  readonly infos: string[] = [];
  readonly errors: string[] = [];
  readonly confirms: string[] = [];
  readonly validationMessages: string[] = [];
  readonly inputBoxes: vscode.InputBoxOptions[] = [];
  readonly progressTitles: string[] = [];
  progressOpen = 0;

  answer(...answers: Answer[]): this {
    this.answers.push(...answers);
    return this;
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

  async showQuickPick<T extends vscode.QuickPickItem>(items: readonly T[]): Promise<T | undefined> {
    const a = this.next();
    if (a === undefined) return undefined;
    if (typeof a === 'function') return a(items) as T | undefined;
    return items.find((i) => i.label === a);
  }

  async confirm(message: string, _detail: string, button: string): Promise<string | undefined> {
    this.confirms.push(message);
    const a = this.next();
    return a === button ? button : undefined;
  }

  async showInformationMessage(message: string): Promise<undefined> {
    this.infos.push(message);
    return undefined;
  }

  async showErrorMessage(message: string): Promise<undefined> {
    this.errors.push(message);
    return undefined;
  }

  readonly progressMessages: string[] = [];

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
      return await task({ report: () => undefined });
    } finally {
      this.progressOpen--;
    }
  }
}
