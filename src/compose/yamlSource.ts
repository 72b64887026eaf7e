// Reads a compose file's YAML into plain values as the docker CLI does (go-yaml v3 scalar rules,
// anchors and aliases, merge keys `<<` with a single map or a list of maps, duplicate keys refused,
// keys that are not strings refused) while remembering where each key and value is in the text.

import { Alias, isAlias, isMap, isPair, isScalar, isSeq, parseDocument, Scalar, type Document, type Node } from 'yaml';
import { resolvePlainScalar } from './goYamlScalar';
import type { ComposeIssue, ComposePath, SourceRange } from './types';

interface Where { key?: SourceRange; value?: SourceRange }

/** Positions of keys and values by path; paths inside an alias resolve to the alias. */
export class SourceIndex {
  private readonly map = new Map<string, Where>();

  static key(path: ComposePath): string { return path.join('\u0000'); }

  set(path: ComposePath, where: Where): void { this.map.set(SourceIndex.key(path), where); }

  rangeOf(path: ComposePath, onKey = false): SourceRange | undefined {
    for (let n = path.length; n >= 0; n--) {
      const where = this.map.get(SourceIndex.key(path.slice(0, n)));
      if (!where) continue;
      // A missing child is reported on its parent's key, where the user reads the parent's name.
      const exact = n === path.length;
      const range = (exact && !onKey) ? (where.value ?? where.key) : (where.key ?? where.value);
      if (range) return range;
    }
    return undefined;
  }
}

export interface YamlSource {
  /** Undefined when the YAML cannot be read at all (syntax error, not a mapping at the top). */
  value: Record<string, unknown> | undefined;
  issues: ComposeIssue[];
  index: SourceIndex;
}

const rangeOfNode = (node: Node | null | undefined): SourceRange | undefined =>
  node?.range ? { start: node.range[0], end: node.range[1] } : undefined;

/** The 1-based line of `offset` in `text`, as an editor numbers lines. */
export function lineAt(text: string, offset: number): number {
  let line = 1;
  for (let i = 0; i < offset && i < text.length; i++) if (text.charCodeAt(i) === 10) line++;
  return line;
}

const dotted = (path: ComposePath) => (path.length ? path.join('.') : 'the top level');

/**
 * Each alias's target, found in one walk in document order (an alias refers to the latest anchor
 * of its name before it); the package's own lookup walks the whole document for every alias, and
 * its `visit` costs several times this walk.
 */
function aliasTargets(doc: Document): Map<Alias, Node> {
  const anchors = new Map<string, Node>();
  const targets = new Map<Alias, Node>();
  const walk = (node: unknown): void => {
    if (isAlias(node)) {
      const target = anchors.get(node.source);
      if (target) targets.set(node, target);
      return;
    }
    if (!isScalar(node) && !isMap(node) && !isSeq(node)) return;
    if (node.anchor) anchors.set(node.anchor, node);
    if (isScalar(node)) return;
    for (const item of node.items as unknown[]) {
      if (isPair(item)) {
        walk(item.key);
        walk(item.value);
      } else {
        walk(item);
      }
    }
  };
  walk(doc.contents);
  return targets;
}

class Reader {
  readonly issues: ComposeIssue[] = [];
  private depth = 0;
  private readonly targets: Map<Alias, Node>;
  constructor(doc: Document, readonly index: SourceIndex, private readonly text: string) {
    this.targets = aliasTargets(doc);
  }

  private target(alias: Alias): Node | undefined {
    return this.targets.get(alias);
  }

  private lineOf(offset: number): number {
    return lineAt(this.text, offset);
  }

  /** `record` is false inside an alias: those paths fall back to the alias's own position. */
  read(node: unknown, path: ComposePath, record: boolean): unknown {
    if (++this.depth > 200) throw new Error('the YAML nests too deeply (an alias refers to itself?)');
    try {
      if (node === null || node === undefined) return null;
      if (isAlias(node)) {
        const target = this.target(node as Alias);
        // As the CLI: an alias to an anchor not defined before it refuses the file.
        if (target === undefined) return this.unknownAnchor(node as Alias, path);
        return this.read(target, path, false);
      }
      if (isScalar(node)) return this.scalar(node, path);
      if (isSeq(node)) return node.items.map((item, i) => this.readItem(item, [...path, i], record));
      if (isMap(node)) return this.mapping(node.items, path, record);
      return null;
    } finally {
      this.depth--;
    }
  }

  private readItem(item: unknown, path: ComposePath, record: boolean): unknown {
    if (record) this.index.set(path, { value: rangeOfNode(item as Node) });
    return this.read(item, path, record);
  }

  private scalar(node: Scalar, path: ComposePath): unknown {
    const text = String(node.value ?? '');
    if (node.type !== Scalar.PLAIN && node.type !== undefined) return text;
    const tag = node.tag;
    if (tag === 'tag:yaml.org,2002:str' || tag === '!!str') return text;
    const resolved = resolvePlainScalar(text);
    if (resolved.kind === 'float' && !Number.isFinite(resolved.value)) {
      // JSON has no infinity or NaN: the CLI fails when it checks the file against its schema.
      this.issues.push({ severity: 'error', path, message: `${dotted(path)} is ${text}, which a stack file cannot hold (not a finite number)` });
      return null;
    }
    return resolved.value;
  }

  private keyOf(keyNode: unknown, path: ComposePath): string | undefined {
    if (isAlias(keyNode)) return this.keyOf(this.target(keyNode as Alias), path);
    if (!isScalar(keyNode)) {
      this.issues.push({ severity: 'error', path, message: `${dotted(path)} has a key that is not a string` });
      return undefined;
    }
    const value = this.scalar(keyNode, path);
    if (typeof value !== 'string') {
      this.issues.push({
        severity: 'error', path,
        message: `${dotted(path)} has the key ${String(keyNode.value)}, which YAML reads as a ${value === null ? 'null' : typeof value}: quote it to make it a string`,
      });
      return undefined;
    }
    return value;
  }

  private mapping(items: unknown[], path: ComposePath, record: boolean): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    const seen = new Map<string, number>();
    const merges: unknown[] = [];
    for (const pair of items) {
      if (!isPair(pair)) continue;
      const keyNode = pair.key as Node | null;
      if (isScalar(keyNode) && keyNode.type === Scalar.PLAIN && keyNode.value === '<<') {
        merges.push(pair.value);
        continue;
      }
      const key = this.keyOf(keyNode, path);
      if (key === undefined) continue;
      const childPath = [...path, key];
      const raw = isScalar(keyNode) ? String(keyNode.value) : key;
      const keyStart = keyNode?.range?.[0] ?? 0;
      if (seen.has(raw)) {
        if (record) this.index.set(childPath, { key: rangeOfNode(keyNode), value: rangeOfNode(pair.value as Node) });
        this.issues.push({
          severity: 'error', path: childPath, onKey: true,
          message: `${dotted(childPath)} is defined twice (first on line ${this.lineOf(seen.get(raw) ?? 0)})`,
        });
        continue;
      }
      seen.set(raw, keyStart);
      if (record) this.index.set(childPath, { key: rangeOfNode(keyNode), value: rangeOfNode(pair.value as Node) });
      out[key] = this.read(pair.value, childPath, record);
    }
    for (const merge of merges) this.merge(out, merge, path, record);
    return out;
  }

  private unknownAnchor(alias: Alias, path: ComposePath): null {
    this.issues.push({ severity: 'error', path, message: `${dotted(path)}: the alias *${alias.source} refers to no anchor &${alias.source} before it`, range: rangeOfNode(alias) });
    return null;
  }

  /** Keys written in the mapping win over merged ones; in a list of maps, the first map wins. */
  private merge(out: Record<string, unknown>, merge: unknown, path: ComposePath, record: boolean): void {
    const sources = isSeq(merge) ? merge.items : [merge];
    const at = rangeOfNode(merge as Node);
    for (const source of sources) {
      const target = isAlias(source) ? this.target(source as Alias) : source;
      if (isAlias(source) && target === undefined) {
        this.unknownAnchor(source as Alias, path);
        continue;
      }
      if (!isMap(target)) {
        this.issues.push({ severity: 'error', path, message: `${dotted(path)}: a merge key (<<) needs a mapping or a list of mappings` });
        continue;
      }
      const merged = this.read(target, path, false) as Record<string, unknown>;
      for (const [k, v] of Object.entries(merged)) {
        if (Object.prototype.hasOwnProperty.call(out, k)) continue;
        out[k] = v;
        if (record) this.index.set([...path, k], { key: at, value: at });
      }
    }
  }
}

/**
 * Runs the parse with `process.env` as an empty plain object. The `yaml` package's parser reads
 * `process.env.LOG_TOKENS` (a debugging switch) once for every token, and every read of Node's
 * `process.env` is a call into the native environment: about a tenth of the parse of a
 * 50-service file (24,000 tokens). The parse is synchronous, so no other code runs before the
 * real `process.env` is back; where it cannot be replaced, the parse runs as it is.
 */
function withPlainEnv<T>(parse: () => T): T {
  const real = process.env;
  try {
    process.env = {};
  } catch {
    return parse();
  }
  try {
    return parse();
  } finally {
    process.env = real;
  }
}

export function readYaml(text: string): YamlSource {
  const index = new SourceIndex();
  const doc = withPlainEnv(() => parseDocument(text, { schema: 'failsafe', merge: false, uniqueKeys: false, strict: false, prettyErrors: false }));
  const issues: ComposeIssue[] = [];
  const errors = doc.errors;
  if (errors.length) {
    for (const e of errors) {
      const [start, end] = e.pos ?? [0, 0];
      issues.push({ severity: 'error', path: [], message: `The YAML cannot be read: ${e.message.split('\n')[0]}`, range: { start, end: Math.max(end, start) } });
    }
    return { value: undefined, issues, index };
  }
  index.set([], { value: rangeOfNode(doc.contents as Node | null) });
  const reader = new Reader(doc, index, text);
  let value: unknown;
  try {
    value = reader.read(doc.contents, [], true);
  } catch (e) {
    issues.push({ severity: 'error', path: [], message: `The YAML cannot be read: ${(e as Error).message}` });
    return { value: undefined, issues, index };
  }
  issues.push(...reader.issues);
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    issues.push({ severity: 'error', path: [], message: 'The top level of a stack file must be a mapping (keys such as services:)' });
    return { value: undefined, issues, index };
  }
  return { value: value as Record<string, unknown>, issues, index };
}
