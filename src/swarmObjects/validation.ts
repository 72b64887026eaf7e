// What the user gives for a secret or a config (name, data, labels, templating driver), checked
// as the Engine checks it so that bad input gets our message and nothing is sent. The rules and
// limits are those of swarmkit's control API (manager/controlapi/common.go, secret.go,
// config.go, manager/validation/secrets.go) in the Engine 20.10 this extension targets, and the
// docker CLI's label parsing (opts.ValidateLabel). Messages name the field and never quote data.
import type { Parsed } from '../model/input';

export type ObjectKind = 'secret' | 'config';

/** Secret and config names: at most this many characters. */
export const MAX_OBJECT_NAME_LENGTH = 64;

/**
 * The Engine takes secret data shorter than 500 KiB (`len(data) >= 500*1024` is refused), so
 * 511,999 bytes at most; config data shorter than 1000 KiB (1,023,999 bytes at most). Both
 * must hold at least one byte. Checked on Engine 20.10.24.
 */
export const MAX_DATA_BYTES: Record<ObjectKind, number> = { secret: 500 * 1024 - 1, config: 1000 * 1024 - 1 };

/** The only templating driver the Engine's agents know; any other name fails every task. */
export const TEMPLATING_DRIVERS = ['golang'] as const;

// Equivalent to swarmkit's isValidConfigOrSecretName, written so it cannot backtrack badly.
const OBJECT_NAME = /^[a-zA-Z0-9](?:[a-zA-Z0-9_.-]*[a-zA-Z0-9])?$/;

function quote(text: string, max = 70): string {
  return JSON.stringify(text.length > max ? `${text.slice(0, max)}…` : text);
}

/**
 * A secret or config name: 1 to 64 of [a-zA-Z0-9_.-], starting and ending with a letter or
 * digit. With `existingNames`, a name already taken is refused too: the Engine compares names
 * without case ("Foo" conflicts with "foo").
 */
export function validateObjectName(kind: ObjectKind, text: string, existingNames: readonly string[] = []): Parsed<string> {
  const name = text.trim();
  if (name === '') return { ok: false, message: `Enter a name for the ${kind}.` };
  if (name.length > MAX_OBJECT_NAME_LENGTH) {
    return { ok: false, message: `The ${kind} name is ${name.length} characters long; the Engine takes at most ${MAX_OBJECT_NAME_LENGTH}.` };
  }
  if (!OBJECT_NAME.test(name)) {
    const bad = [...name].find((c) => !/^[a-zA-Z0-9_.-]$/.test(c));
    const why = bad !== undefined
      ? `it contains ${bad === ' ' ? 'a space' : quote(bad)}; only letters, digits, "-", "_" and "." are allowed`
      : 'it must start and end with a letter or a digit';
    return { ok: false, message: `The ${kind} name ${quote(name)} is not valid: ${why}.` };
  }
  const lower = name.toLowerCase();
  if (existingNames.some((n) => n.toLowerCase() === lower)) {
    return { ok: false, message: `A ${kind} named ${quote(name)} already exists (names are compared without case).` };
  }
  return { ok: true, value: name };
}

function formatBytes(bytes: number): string {
  const kib = bytes / 1024;
  return `${kib >= 10 ? Math.round(kib) : kib.toFixed(1)} KB (${bytes.toLocaleString('en-US')} bytes)`;
}

/**
 * The data's size only: empty is refused, and so is anything at or over the Engine's limit.
 * The data itself never appears in the message.
 */
export function validateObjectData(kind: ObjectKind, data: Uint8Array): Parsed<Uint8Array> {
  if (data.byteLength === 0) return { ok: false, message: `The ${kind}'s data is empty: the Engine refuses an empty ${kind}.` };
  const max = MAX_DATA_BYTES[kind];
  if (data.byteLength > max) {
    return {
      ok: false,
      message: `The ${kind}'s data is ${formatBytes(data.byteLength)}; the Engine takes less than ${(max + 1) / 1024} KB (at most ${max.toLocaleString('en-US')} bytes).`,
    };
  }
  return { ok: true, value: data };
}

const LABEL_SPACE = /[ \t]/;

/**
 * One `key=value` label, as the docker CLI reads `--label` (and `docker node update
 * --label-add`): the key is what comes before the first "=", without leading spaces or tabs;
 * it must not be empty nor contain a space or tab. The value is everything after the "=", kept
 * as written (spaces, quotes and further "=" included).
 *
 * One difference, on purpose: the CLI reads `key` without "=" as `key=` (empty value). Here a
 * label without "=" is refused with a message showing how to write an empty value, because an
 * input box that silently turns a typo (`env:prod`, `env prod`) into a key is worse than asking.
 */
export function parseLabel(text: string): Parsed<{ key: string; value: string }> {
  const at = text.indexOf('=');
  const rawKey = at < 0 ? text : text.slice(0, at);
  const key = rawKey.replace(/^[ \t]+/, '');
  if (at < 0) {
    const shown = text.trim();
    if (shown === '') return { ok: false, message: 'Enter a label as key=value.' };
    return { ok: false, message: `The label ${quote(shown)} has no "=": write key=value, or key= for an empty value.` };
  }
  if (key === '') return { ok: false, message: `The label ${quote(text)} has no key before "=".` };
  if (LABEL_SPACE.test(key)) return { ok: false, message: `The label key ${quote(key)} contains a space or tab, which the docker CLI refuses too.` };
  return { ok: true, value: { key, value: text.slice(at + 1) } };
}

/** Several labels; a key given twice keeps its last value, as the CLI does. */
export function parseLabels(entries: readonly string[]): Parsed<Record<string, string>> {
  const labels: Record<string, string> = {};
  for (const entry of entries) {
    if (entry.trim() === '') continue;
    const label = parseLabel(entry);
    if (!label.ok) return label;
    labels[label.value.key] = label.value.value;
  }
  return { ok: true, value: labels };
}

/**
 * The templating driver: none (empty), or `golang`. The Engine stores any name given, but its
 * agents expand only `golang` (swarmkit template/getter.go) and fail every task of a service
 * using another with "unrecognized template type", so other names are refused here.
 */
export function validateTemplatingDriver(text: string | undefined): Parsed<{ Name: string } | undefined> {
  const name = (text ?? '').trim();
  if (name === '') return { ok: true, value: undefined };
  if ((TEMPLATING_DRIVERS as readonly string[]).includes(name)) return { ok: true, value: { Name: name } };
  return {
    ok: false,
    message: `The templating driver ${quote(name)} is unknown: the Engine's only templating driver is "golang" (or none).`,
  };
}

