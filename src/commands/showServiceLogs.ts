// Show Service Logs (options from settings) and Show Service Logs… (asks for them first).
import { TaskNames } from '../logs/taskNames';
import { SwarmError } from '../model/errors';
import { parseSince, parseTail } from '../model/input';
import { formatServiceLine } from '../model/logFormat';
import type { LogOptions } from '../model/logOptions';
import type { ServiceSummary } from '../model/summaries';
import type { CommandContext } from './context';
import { resolveService, targetsOf } from './targets';

/**
 * Opens a service's logs. The Engine is always asked for the details attributes, which say
 * which task each line came from (for the CLI-style prefix); they are shown only if the user
 * asked for them.
 */
async function openServiceLogs(ctx: CommandContext, service: ServiceSummary, options: LogOptions): Promise<string> {
  const client = ctx.client();
  const names = new TaskNames(client, service.id);
  await names.load().catch(() => undefined);
  const shown = { prefix: ctx.logPrefix(), timestamps: options.timestamps, details: options.details };
  const channel = await ctx.logs.open(
    { kind: 'service', id: service.id, name: service.name, format: (line) => formatServiceLine(line.text, service.name, shown, names.lookup) },
    { ...options, details: true },
  );
  return channel.name;
}

/** `options` may be given by a caller to override the settings. */
export async function showServiceLogs(ctx: CommandContext, arg?: unknown, options?: Partial<LogOptions>): Promise<string | undefined> {
  const service = await resolveService(targetsOf(ctx), arg, 'Select a service to show logs of');
  if (!service) return undefined;
  return openServiceLogs(ctx, service, { ...ctx.logOptions(), ...options });
}

const FLAGS: { key: keyof LogOptions; label: string; detail: string }[] = [
  { key: 'follow', label: 'Follow', detail: 'Keep streaming new lines' },
  { key: 'timestamps', label: 'Timestamps', detail: 'Prefix each line with its RFC 3339 time' },
  { key: 'stdout', label: 'stdout', detail: 'Include standard output' },
  { key: 'stderr', label: 'stderr', detail: 'Include standard error' },
  { key: 'details', label: 'Details', detail: 'Add the extra attributes given to the log driver' },
];

export async function showServiceLogsWithOptions(ctx: CommandContext, arg?: unknown): Promise<string | undefined> {
  const service = await resolveService(targetsOf(ctx), arg, 'Select a service to show logs of');
  if (!service) return undefined;
  const defaults = ctx.logOptions();
  const tailText = await ctx.host.showInputBox({
    title: `Logs of ${service.name} (1/3)`,
    prompt: 'Lines per task from the end ("all" for everything)',
    value: String(defaults.tail),
    validateInput: (v) => {
      const p = parseTail(v);
      return p.ok ? undefined : p.message;
    },
  });
  if (tailText === undefined) return undefined;
  const sinceText = await ctx.host.showInputBox({
    title: `Logs of ${service.name} (2/3)`,
    prompt: 'Only lines since (10m, 1h30m, 2026-01-02T15:04:05Z, Unix seconds; empty for no limit)',
    value: '',
    validateInput: (v) => {
      const p = parseSince(v);
      return p.ok ? undefined : p.message;
    },
  });
  if (sinceText === undefined) return undefined;
  const picked = await ctx.host.showQuickPick(
    FLAGS.map((f) => ({ label: f.label, detail: f.detail, key: f.key, picked: defaults[f.key] === true })),
    { title: `Logs of ${service.name} (3/3)`, canPickMany: true, placeHolder: 'Options' } as never,
  );
  if (picked === undefined) return undefined;
  const chosen = new Set((picked as unknown as { key: keyof LogOptions }[]).map((p) => p.key));
  const tail = parseTail(tailText);
  const since = parseSince(sinceText);
  if (!tail.ok) throw new SwarmError('invalid', tail.message);
  if (!since.ok) throw new SwarmError('invalid', since.message);
  const options: LogOptions = {
    tail: tail.value,
    follow: chosen.has('follow'),
    timestamps: chosen.has('timestamps'),
    stdout: chosen.has('stdout'),
    stderr: chosen.has('stderr'),
    details: chosen.has('details'),
  };
  if (since.value !== undefined) options.since = since.value;
  if (!options.stdout && !options.stderr) throw new SwarmError('invalid', 'Choose stdout, stderr or both.');
  return openServiceLogs(ctx, service, options);
}
