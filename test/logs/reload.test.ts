// A reload builds a new logs collector: it starts at the end of each log, and the old one
// closes its descriptors (reloads must not leak an fd per log).
import { appendFileSync, readdirSync, readlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { startVigilProcess, type VigilProcess } from '../support/vigil-process.js';
import { combinedLine, tempDir } from './helpers.js';

function openCount(pid: number, path: string): number {
  return readdirSync(`/proc/${pid}/fd`).filter((fd) => {
    try {
      return readlinkSync(`/proc/${pid}/fd/${fd}`) === path;
    } catch {
      return false;
    }
  }).length;
}

async function requests(v: VigilProcess): Promise<number> {
  const text = await (await fetch(`${v.url}/metrics`)).text();
  return text
    .split('\n')
    .filter((l) => l.startsWith('http_requests_total{'))
    .reduce((a, l) => a + Number(l.slice(l.lastIndexOf(' ') + 1)), 0);
}

describe.skipIf(process.platform !== 'linux')('logs across reloads', () => {
  let vigil: VigilProcess | undefined;
  afterAll(async () => {
    await vigil?.stop();
  });

  it('starts the new collector at the end of the log and closes the old descriptor', async () => {
    const dir = tempDir();
    const log = join(dir, 'access.log');
    writeFileSync(log, '');
    writeFileSync(join(dir, 'vigil.yml'), `logs:\n  - {name: web, path: ${log}, format: combined}\n`);
    vigil = await startVigilProcess(['--config', join(dir, 'vigil.yml'), '--collector.disable-defaults']);
    const pid = vigil.child.pid!;
    appendFileSync(log, combinedLine('GET', 200, 1).repeat(3));
    expect(await requests(vigil)).toBe(3);
    for (let i = 1; i <= 3; i++) {
      vigil.child.kill('SIGHUP');
      for (let t = 0; t < 100 && vigil.stderr().split('configuration reloaded').length - 1 < i; t++)
        await new Promise((r) => setTimeout(r, 50));
      expect(vigil.stderr().split('configuration reloaded').length - 1).toBe(i);
      await requests(vigil); // the scrape that lets the old generation retire
    }
    // Lines written before the last reload were the old collector's; only new ones count now.
    appendFileSync(log, combinedLine('GET', 404, 1).repeat(2));
    expect(await requests(vigil)).toBe(2);
    let fds = openCount(pid, log);
    for (let t = 0; t < 100 && fds > 1; t++) {
      await new Promise((r) => setTimeout(r, 50));
      fds = openCount(pid, log);
    }
    expect(fds).toBe(1);
  }, 60_000);
});
