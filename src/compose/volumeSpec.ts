// The short syntax of a service volume (`source:target:options`) read as the CLI's loader reads
// it, into the same shape as the long syntax: Windows drive letters kept in the source,
// `ro`/`rw`, `nocopy` and the bind propagations understood, other options (`z`, `Z`...) ignored.

/** A service volume in the long syntax's shape (only the keys the CLI converts). */
export interface VolumeEntry {
  type: string;
  source?: string;
  target?: string;
  read_only?: boolean;
  consistency?: string;
  bind?: { propagation?: string };
  volume?: { nocopy?: boolean };
  tmpfs?: { size?: number };
}

export const PROPAGATIONS = ['rprivate', 'private', 'rshared', 'shared', 'rslave', 'slave'];

/** Parses a short-syntax volume; the error says what is wrong with it. */
export function parseVolumeSpec(spec: string): VolumeEntry | { error: string } {
  // The CLI counts bytes: a spec of one or two bytes is an anonymous volume's target.
  const bytes = Buffer.byteLength(spec, 'utf8');
  if (bytes === 0) return { error: 'an empty volume is not valid' };
  if (bytes <= 2) return { type: 'volume', target: spec };

  const volume: VolumeEntry = { type: '' };
  let source = '';
  let buffer = '';
  const chars = [...spec];
  for (let i = 0; i <= chars.length; i++) {
    const char = i < chars.length ? chars[i] : undefined;
    if (char === ':' && isDriveLetter(buffer)) {
      buffer += char;
    } else if (char === ':' || char === undefined) {
      if (buffer === '') return { error: `invalid spec "${spec}": empty section between colons` };
      if (source === '' && char === undefined) {
        volume.target = buffer;
      } else if (source === '') {
        source = buffer;
      } else if (volume.target === undefined) {
        volume.target = buffer;
      } else if (char === ':') {
        return { error: `invalid spec "${spec}": too many colons` };
      } else {
        applyOptions(volume, buffer);
      }
      buffer = '';
    } else {
      buffer += char;
    }
  }
  if (source !== '') volume.source = source;
  volume.type = source === '' || !isFilePath(source) ? 'volume' : 'bind';
  return volume;
}

function applyOptions(volume: VolumeEntry, options: string): void {
  for (const option of options.split(',')) {
    if (option === 'ro') volume.read_only = true;
    else if (option === 'rw') volume.read_only = false;
    else if (option === 'nocopy') volume.volume = { nocopy: true };
    else if (PROPAGATIONS.includes(option)) volume.bind = { propagation: option };
  }
}

function isDriveLetter(buffer: string): boolean {
  return [...buffer].length === 1 && /^\p{L}$/u.test(buffer);
}

/** Whether a short-syntax source is a host path (then the volume is a bind mount). */
function isFilePath(source: string): boolean {
  if (['.', '/', '~'].includes(source[0])) return true;
  const chars = [...source];
  if (chars.length === 1) return false;
  if (source.startsWith('\\\\')) return true;
  return isDriveLetter(chars[0]) && chars[1] === ':';
}
