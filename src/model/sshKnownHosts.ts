// Host-key checking for ssh:// endpoints against OpenSSH's known_hosts, as `ssh` does: a
// connection goes ahead only if the server's key is listed for that host (plain or hashed
// entries, `[host]:port` for other ports). Revoked (@revoked) keys are refused.
import { createHmac } from 'node:crypto';

function hostPatterns(host: string, port: number): string[] {
  return port === 22 ? [host, `[${host}]:22`] : [`[${host}]:${port}`];
}

function matchesEntry(field: string, candidates: string[]): boolean {
  for (const pattern of field.split(',')) {
    if (pattern.startsWith('|1|')) {
      const [, , salt, hash] = pattern.split('|');
      if (!salt || !hash) continue;
      const key = Buffer.from(salt, 'base64');
      if (candidates.some((c) => createHmac('sha1', key).update(c).digest('base64') === hash)) return true;
    } else if (!pattern.startsWith('!') && candidates.includes(pattern)) {
      return true;
    }
  }
  return false;
}

/** True when `key` (the raw public key blob) is a known, unrevoked key of host:port. */
export function isKnownHostKey(knownHosts: string, host: string, port: number, key: Buffer): boolean {
  const candidates = hostPatterns(host, port);
  const blob = key.toString('base64');
  let known = false;
  for (const raw of knownHosts.split('\n')) {
    const line = raw.trim();
    if (!line || line.startsWith('#')) continue;
    const fields = line.split(/\s+/);
    const marker = fields[0]?.startsWith('@') ? fields.shift() : undefined;
    const [hosts, , keyData] = fields;
    if (!hosts || !keyData || !matchesEntry(hosts, candidates)) continue;
    if (keyData !== blob) continue;
    if (marker === '@revoked') return false;
    if (marker === undefined) known = true;
  }
  return known;
}
