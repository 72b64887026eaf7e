// The task shells open in the editor. The one place that makes a terminal, and only ever with
// a Pseudoterminal (no process on the user's machine; the lint rules hold this).
import * as vscode from 'vscode';
import { TaskShell, type TaskShellOptions } from './taskShell';

export interface OpenShell {
  readonly name: string;
  readonly terminal: vscode.Terminal;
  readonly shell: TaskShell;
  /** The task it runs in. */
  readonly taskId: string;
}

export class TaskShells implements vscode.Disposable {
  private readonly open = new Set<OpenShell>();
  /** Shells whose terminal is gone but whose shell may still be being ended in the container. */
  private readonly ending = new Set<TaskShell>();
  private readonly subscription: vscode.Disposable;

  constructor() {
    this.subscription = vscode.window.onDidCloseTerminal((terminal) => {
      for (const s of this.open) {
        if (s.terminal !== terminal) continue;
        this.open.delete(s);
        // VS Code calls the Pseudoterminal's close() only if it had opened it: a terminal
        // disposed at once is closed here, so that whatever starts is ended all the same.
        s.shell.close();
        this.ending.add(s.shell);
        void s.shell.done.then(() => this.ending.delete(s.shell));
      }
    });
  }

  /** Opens a terminal running a shell in the task's container, and shows it. */
  start(taskId: string, options: TaskShellOptions): OpenShell {
    const shell = new TaskShell(options);
    const terminal = vscode.window.createTerminal({ name: options.name, pty: shell, iconPath: new vscode.ThemeIcon('terminal') });
    const entry: OpenShell = { name: options.name, terminal, shell, taskId };
    this.open.add(entry);
    terminal.show();
    return entry;
  }

  /** Ends every shell in its container (deactivation: an exec outlives its client); resolves once each is done. */
  endAll(): Promise<void> {
    const shells = [...[...this.open].map((s) => s.shell), ...this.ending];
    for (const s of shells) {
      try {
        s.close();
      } catch {
        // One shell failing to close must not keep the others from ending.
      }
    }
    return Promise.allSettled(shells.map((s) => s.done)).then(() => undefined);
  }

  dispose(): void {
    this.subscription.dispose();
    for (const s of this.open) s.terminal.dispose();
    this.open.clear();
  }
}
