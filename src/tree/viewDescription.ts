// What the Services view shows beside its title. VS Code shows a view's welcome content only
// while it has no message: the welcome content explains each state, and where the engine's
// own words matter, they go here (and always to the log).
import type { ConnectionState } from './swarmStore';

/** States whose engine message is worth showing; 'permission' too: the socket and an SSH login refusing need different remedies. */
const SPOKEN: readonly ConnectionState[] = ['api', 'invalid', 'untrusted', 'timeout', 'permission'];

export interface ViewDescriptionInput {
  /** The endpoint's label (context or host), if resolved. */
  endpoint: string | undefined;
  state: ConnectionState;
  error: { message: string } | undefined;
  /** The task filter in words, when not the default one. */
  filter: string | undefined;
}

/** The endpoint, then the engine's message for a failure worth spelling out, else the task filter. */
export function servicesViewDescription(v: ViewDescriptionInput): string {
  const failed = v.state !== 'ok' && v.state !== 'loading';
  const detail = failed && SPOKEN.includes(v.state) ? v.error?.message : undefined;
  return [v.endpoint, detail ?? v.filter].filter(Boolean).join(' · ');
}

