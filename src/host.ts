// A narrow facade over the vscode.window calls that commands make, so that tests can answer
// prompts without a person while every other part (commands, tree, engine) stays real.
import { AsyncLocalStorage } from 'node:async_hooks';
import * as vscode from 'vscode';
import { neutraliseLinks } from './model/text';

/** The progress notification of the command whose work is running (an async context of its own). */
const commandProgress = new AsyncLocalStorage<vscode.Progress<{ message?: string }>>();

/**
 * Says `message` in the progress notification of the command this call is part of (a wait deep
 * in the Engine client, such as a leader election); false when it runs under none.
 */
export function tellCommandProgress(message: string): boolean {
  const progress = commandProgress.getStore();
  progress?.report({ message });
  return progress !== undefined;
}

export interface Host {
  showInputBox(options: vscode.InputBoxOptions): Thenable<string | undefined>;
  showQuickPick<T extends vscode.QuickPickItem>(items: readonly T[], options: vscode.QuickPickOptions): Thenable<T | undefined>;
  /** A modal confirmation; resolves to the chosen button's title or undefined when cancelled. */
  confirm(message: string, detail: string, button: string): Thenable<string | undefined>;
  /** A modal question with several buttons (the first is the default); resolves to the chosen title or undefined when cancelled. */
  choose(message: string, detail: string, buttons: readonly string[]): Thenable<string | undefined>;
  showInformationMessage(message: string, ...items: string[]): Thenable<string | undefined>;
  showErrorMessage(message: string, ...items: string[]): Thenable<string | undefined>;
  withProgress<R>(title: string, task: (progress: vscode.Progress<{ message?: string }>) => Thenable<R>): Thenable<R>;
  /** An open-file dialog for one file; undefined when cancelled. */
  pickFile(title: string): Thenable<vscode.Uri | undefined>;
  /** A progress notification the user may close; `cancelled()` tells the task so. */
  withCancellableProgress<R>(title: string, task: (progress: vscode.Progress<{ message?: string }>, cancelled: () => boolean) => Thenable<R>): Thenable<R>;
}

/** Progress lines carry Engine text too (task errors, names): the same care as messages. */
function plainProgress(progress: vscode.Progress<{ message?: string }>): vscode.Progress<{ message?: string }> {
  return { report: (value) => progress.report(value.message === undefined ? value : { ...value, message: neutraliseLinks(value.message) }) };
}

export const windowHost: Host = {
  showInputBox: (options) => vscode.window.showInputBox(options),
  showQuickPick: (items, options) => vscode.window.showQuickPick(items, options),
  // Messages carry engine text (names, errors): notifications would turn link syntax in it
  // into live links, so it is taken apart first.
  confirm: (message, detail, button) =>
    vscode.window.showWarningMessage(neutraliseLinks(message), { modal: true, detail: neutraliseLinks(detail) }, button),
  choose: (message, detail, buttons) =>
    vscode.window.showInformationMessage(neutraliseLinks(message), { modal: true, detail: neutraliseLinks(detail) }, ...buttons),
  showInformationMessage: (message, ...items) => vscode.window.showInformationMessage(neutraliseLinks(message), ...items),
  showErrorMessage: (message, ...items) => vscode.window.showErrorMessage(neutraliseLinks(message), ...items),
  withProgress: (title, task) =>
    vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: neutraliseLinks(title), cancellable: false }, (progress) => {
      const plain = plainProgress(progress);
      return commandProgress.run(plain, () => task(plain));
    }),
  pickFile: (title) =>
    vscode.window.showOpenDialog({ title, canSelectFiles: true, canSelectFolders: false, canSelectMany: false }).then((uris) => uris?.[0]),
  withCancellableProgress: (title, task) =>
    vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: neutraliseLinks(title), cancellable: true },
      (progress, token) => {
        const plain = plainProgress(progress);
        return commandProgress.run(plain, () => task(plain, () => token.isCancellationRequested));
      },
    ),
};
