import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from './ports.js';

export interface RunningAlertmanager {
  url: string;
  dir: string;
  child: ChildProcess;
  stderr(): string;
  stop(): Promise<void>;
}

/** Starts a real Alertmanager (Debian's binary) on a free loopback port, clustering off. */
export async function startAlertmanager(binary: string, configYaml: string): Promise<RunningAlertmanager> {
  const dir = mkdtempSync(join(tmpdir(), 'vigil-am-'));
  writeFileSync(join(dir, 'alertmanager.yml'), configYaml);
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const child = spawn(binary, [
    `--config.file=${join(dir, 'alertmanager.yml')}`, `--storage.path=${join(dir, 'data')}`,
    `--web.listen-address=127.0.0.1:${port}`, `--web.external-url=${url}`, '--cluster.listen-address=', '--log.level=warn',
  ], { stdio: ['ignore', 'ignore', 'pipe'] });
  let err = '';
  child.stderr!.on('data', (d: Buffer) => { err = (err + d.toString()).slice(-8000); });
  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((r) => child.once('exit', r));
    child.kill('SIGTERM');
    const t = setTimeout(() => child.kill('SIGKILL'), 5000);
    await exited;
    clearTimeout(t);
  };
  const until = Date.now() + 30_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`alertmanager exited: ${err}`);
    try {
      if ((await fetch(`${url}/-/ready`)).ok) break;
    } catch {
      // starting
    }
    if (Date.now() > until) {
      await stop();
      throw new Error(`alertmanager not ready: ${err}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return { url, dir, child, stderr: () => err, stop };
}
