// A minimal event emitter shaped like vscode.EventEmitter (`event(listener)` returns a
// disposable), for parts kept free of the VS Code API so that plain mocha can test them.

export interface Disposable {
  dispose(): void;
}

export type Event<T> = (listener: (e: T) => void) => Disposable;

export class Emitter<T> implements Disposable {
  private listeners: ((e: T) => void)[] = [];

  readonly event: Event<T> = (listener) => {
    this.listeners.push(listener);
    return { dispose: () => void (this.listeners = this.listeners.filter((l) => l !== listener)) };
  };

  fire(e: T): void {
    // A copy: a listener may unsubscribe while being called. One listener failing must not
    // keep the others from hearing of the change (as with vscode.EventEmitter).
    for (const listener of [...this.listeners]) {
      try {
        listener(e);
      } catch (err) {
        console.error(err);
      }
    }
  }

  dispose(): void {
    this.listeners = [];
  }
}
