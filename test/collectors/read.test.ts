import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { keptFileCount, readOptional, readParsed, readText, releaseKeptFiles } from '../../src/collectors/read.js';

const openFds = () => readdirSync('/proc/self/fd').length;

describe('kernel files kept open between reads', () => {
  afterEach(() => releaseKeptFiles());

  it('reads /proc afresh through one descriptor instead of opening it every time', () => {
    releaseKeptFiles();
    const before = openFds();
    const first = readText('/proc/self/stat');
    expect(keptFileCount()).toBe(1);
    const fds = openFds();
    expect(fds).toBe(before + 1);
    let changed = false;
    for (let i = 0; i < 200 && !changed; i++) {
      // Burn some CPU so this process's utime (field 14) moves on.
      let x = 0;
      for (let k = 0; k < 200_000; k++) x += Math.sqrt(k);
      expect(x).toBeGreaterThan(0);
      changed = readText('/proc/self/stat') !== first;
    }
    expect(changed).toBe(true);
    expect(openFds()).toBe(fds);
    expect(readText('/proc/self/stat').split(' ')[0]).toBe(String(process.pid));
  });

  it('reads a file longer than one page and than its first buffer, whole', () => {
    const smaps = readText('/proc/self/smaps');
    expect(smaps.length).toBeGreaterThan(16 * 1024);
    expect(smaps.endsWith('\n')).toBe(true);
    // Page-sized pieces glued in the wrong place would break a line.
    for (const line of smaps.trimEnd().split('\n')) expect(line).toMatch(/^([0-9a-f]+-[0-9a-f]+ [rwxsp-]{4} |[A-Za-z_]+:\s)/);
    expect(smaps.split('\n')[0]).toBe(readFileSync('/proc/self/smaps', 'latin1').split('\n')[0]);
  });

  it('keeps sysfs files open too and reads them like readFileSync', () => {
    const path = '/sys/devices/system/clocksource/clocksource0/available_clocksource';
    releaseKeptFiles();
    expect(readText(path)).toBe(readFileSync(path, 'latin1'));
    expect(keptFileCount()).toBe(1);
  });

  it('opens afresh a file whose name may move to another object, when asked', () => {
    const dev = readdirSync('/sys/class/net')[0]!;
    const path = `/sys/class/net/${dev}/operstate`;
    releaseKeptFiles();
    expect(readText(path, false)).toBe(readFileSync(path, 'latin1'));
    expect(keptFileCount()).toBe(0);
  });

  it('reports a file as missing once the process behind it has gone', async () => {
    const child = spawn('sleep', ['30']);
    const path = `/proc/${child.pid}/status`;
    expect(readText(path)).toMatch(/^Name:\s+sleep/);
    expect(keptFileCount()).toBe(1);
    await new Promise((resolve) => {
      child.once('exit', resolve);
      child.kill('SIGKILL');
    });
    expect(readOptional(path)).toBeUndefined();
    expect(keptFileCount()).toBe(0);
  });

  it('never keeps ordinary files open, so a file replaced by rename is seen', () => {
    const dir = mkdtempSync(join(tmpdir(), 'vigil-read-'));
    try {
      const path = join(dir, 'meminfo');
      writeFileSync(path, 'one\n');
      expect(readText(path)).toBe('one\n');
      writeFileSync(join(dir, 'next'), 'two\n');
      renameSync(join(dir, 'next'), path);
      expect(readText(path)).toBe('two\n');
      expect(keptFileCount()).toBe(0);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('readParsed', () => {
  it('parses again only when the file changed, and says undefined for a missing one', () => {
    const dir = mkdtempSync(join(tmpdir(), 'vigil-parsed-'));
    try {
      const path = join(dir, 'os-release');
      let parses = 0;
      const parse = (b: Buffer) => {
        parses++;
        return b.toString('utf8').trim();
      };
      writeFileSync(path, 'ID=debian\n');
      expect(readParsed(path, parse)).toBe('ID=debian');
      expect(readParsed(path, parse)).toBe('ID=debian');
      expect(parses).toBe(1);
      // Same size, different content and mtime: parsed again.
      writeFileSync(path, 'ID=ubuntu\n');
      utimesSync(path, new Date(), new Date(Date.now() + 5000));
      expect(readParsed(path, parse)).toBe('ID=ubuntu');
      expect(parses).toBe(2);
      // Another parser of the same path gets its own result, not the first one's.
      expect(readParsed(path, (b) => b.length)).toBe(10);
      rmSync(path);
      expect(readParsed(path, parse)).toBeUndefined();
      expect(readParsed(join(dir, 'no/such/dir'), parse)).toBeUndefined();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
