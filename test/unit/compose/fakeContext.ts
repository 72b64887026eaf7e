// A ConvertContext for the compose unit tests: files come from an in-memory map, keyed by
// absolute path; a missing one throws as a real read would.
import * as path from 'node:path';
import type { ConvertContext } from '../../../src/compose/types';

export const WORKING_DIR = path.resolve('/work/proj');

export function fakeContext(files: Record<string, string> = {}, env: Record<string, string> = { HOME: '/root' }): ConvertContext & { reads: string[] } {
  const reads: string[] = [];
  return {
    stackName: 'st',
    workingDir: WORKING_DIR,
    env,
    reads,
    readFile(absolutePath: string): Uint8Array {
      reads.push(absolutePath);
      const relative = path.relative(WORKING_DIR, absolutePath).split(path.sep).join('/');
      const content = files[relative];
      if (content === undefined) throw new Error(`ENOENT: no such file or directory, open '${absolutePath}'`);
      return Buffer.from(content, 'utf8');
    },
  };
}
