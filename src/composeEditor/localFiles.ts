// How a stack deploy reads the local files a compose file names (secrets, configs, env
// files): synchronously, from disk, with a message that names the file when it cannot.
import * as fs from 'fs';

/** The largest file read into a secret or config: the Engine refuses more than 500 KB. */
const MAX_BYTES = 1024 * 1024;

export function readLocalFile(absolutePath: string): Uint8Array {
  let size: number;
  try {
    size = fs.statSync(absolutePath).size;
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new Error(code === 'ENOENT' ? `${absolutePath} does not exist` : `${absolutePath} cannot be read (${code ?? (e as Error).message})`);
  }
  if (size > MAX_BYTES) throw new Error(`${absolutePath} is ${Math.round(size / 1024)} KB, more than a swarm secret or config can hold`);
  try {
    return fs.readFileSync(absolutePath);
  } catch (e) {
    throw new Error(`${absolutePath} cannot be read (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
  }
}
