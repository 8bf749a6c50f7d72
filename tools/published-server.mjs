// The published folder (tools/dist.mjs) on Python's stock static server under a sub-path, as a host
// would serve it: for the benchmarks that measure the published page (first-screen, Lighthouse).

import { spawn } from 'node:child_process';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { publish } from './dist.mjs';

/** Where under the server's root the folder is published: any host's sub-path must work. */
export const SUB_PATH = 'some/sub/path';

/**
 * Publishes www/ into a temporary folder and serves it with `python3 -m http.server`.
 * @param {string} prefix the temporary folder's name prefix
 * @returns {Promise<{url: string, close: () => Promise<void>}>} the published page's address
 */
export async function publishedServer(prefix = 'vae-published-') {
  const work = await mkdtemp(join(tmpdir(), prefix));
  const folder = join(work, SUB_PATH);
  await mkdir(dirname(folder), { recursive: true });
  await publish({ out: folder, precompress: false });
  const child = spawn('python3', ['-u', '-m', 'http.server', '0', '--bind', '127.0.0.1', '--directory', work], { stdio: ['ignore', 'pipe', 'ignore'] });
  const port = await new Promise((found, failed) => {
    child.stdout.on('data', (chunk) => {
      const match = /port (\d+)/.exec(String(chunk));
      if (match) found(Number(match[1]));
    });
    child.on('exit', (code) => failed(new Error(`http.server exited (${code})`)));
  });
  return {
    url: `http://127.0.0.1:${port}/${SUB_PATH}/`,
    close: async () => {
      child.kill();
      await rm(work, { recursive: true, force: true });
    },
  };
}
