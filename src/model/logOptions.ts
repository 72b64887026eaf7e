// The seven query options of the Engine's GET /services/{id}/logs, as `docker service logs`
// takes them (--details, --follow, --since, --timestamps, --tail; it asks for stdout and stderr).

export interface LogOptions {
  details: boolean;
  follow: boolean;
  stdout: boolean;
  stderr: boolean;
  /** Unix seconds; undefined for no limit. */
  since?: number;
  timestamps: boolean;
  tail: number | 'all';
}

export const DEFAULT_LOG_OPTIONS: LogOptions = {
  details: false,
  follow: true,
  stdout: true,
  stderr: true,
  timestamps: false,
  tail: 100,
};

/** The query the Engine expects: booleans, `since` as Unix seconds, `tail` as text. */
export function engineLogQuery(options: LogOptions): Record<string, string | boolean | number> {
  const query: Record<string, string | boolean | number> = {
    details: options.details,
    follow: options.follow,
    stdout: options.stdout,
    stderr: options.stderr,
    timestamps: options.timestamps,
    tail: String(options.tail),
  };
  if (options.since !== undefined) query['since'] = options.since.toFixed(3).replace(/\.?0+$/, '');
  return query;
}
