// The Engine's /events stream: newline-delimited JSON objects, cut anywhere by the transport.
// Which events can change what the Services view shows.
import { changeOf } from './changes';

export interface EngineEvent {
  Type?: string;
  Action?: string;
  Actor?: { ID?: string; Attributes?: Record<string, string> };
  scope?: string;
  time?: number;
  timeNano?: number;
}

/** Splits a byte stream into JSON events; a malformed line is reported, not fatal. */
export class EventLineParser {
  private rest = '';

  constructor(private readonly onEvent: (e: EngineEvent) => void, private readonly onBadLine: (line: string) => void = () => undefined) {}

  push(chunk: Buffer | string): void {
    const text = this.rest + chunk.toString();
    const lines = text.split('\n');
    this.rest = lines.pop() ?? '';
    for (const line of lines) this.parse(line);
    // No event is this long; a peer that never sends a newline must not grow memory forever.
    if (this.rest.length > 1024 * 1024) {
      this.onBadLine(this.rest.slice(0, 200));
      this.rest = '';
    }
  }

  end(): void {
    if (this.rest) this.parse(this.rest);
    this.rest = '';
  }

  private parse(line: string): void {
    const trimmed = line.trim();
    if (!trimmed) return;
    try {
      const value: unknown = JSON.parse(trimmed);
      if (value && typeof value === 'object') this.onEvent(value as EngineEvent);
      else this.onBadLine(trimmed.slice(0, 200));
    } catch {
      this.onBadLine(trimmed.slice(0, 200));
    }
  }
}

/** Service and node events, the swarm's secret, config and network events, and events of containers that are swarm tasks. */
export function affectsSwarmView(e: EngineEvent): boolean {
  return changeOf(e) !== undefined;
}

/** The filters sent with GET /events. */
export const SWARM_EVENT_FILTERS: Record<string, string[]> = { type: ['service', 'node', 'container', 'secret', 'config', 'network'] };
