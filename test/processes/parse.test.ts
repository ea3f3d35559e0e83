import { describe, expect, it } from 'vitest';
import { parseCmdline } from '../../src/processes/parse/cmdline.js';
import { parseIo } from '../../src/processes/parse/io.js';
import { parseOpenFilesLimit } from '../../src/processes/parse/limits.js';
import { parsePasswd } from '../../src/processes/parse/passwd.js';
import { parseSmapsRollup } from '../../src/processes/parse/smaps.js';
import { parseStat } from '../../src/processes/parse/stat.js';
import { parseStatus } from '../../src/processes/parse/status.js';
import { parseUptimeTicks } from '../../src/processes/parse/uptime.js';

describe('parsing /proc/<pid>/stat', () => {
  const line =
    '4242 (my (odd) name) S 1 4242 4242 0 -1 4194560 1200 0 7 0 345 67 0 0 20 0 3 0 98765 123456789 250 18446744073709551615 1 1 0 0 0 0 0 0 0 0 0 0 17 1 0 0 0 0 0\n';

  it('counts fields from the last parenthesis, so a command name with ") " in it is read whole', () => {
    expect(parseStat(line)).toEqual({
      comm: 'my (odd) name',
      state: 'S',
      ppid: 1,
      minorFaults: 1200,
      majorFaults: 7,
      utime: 345,
      stime: 67,
      numThreads: 3,
      starttime: 98765,
      vsize: 123456789,
    });
  });

  it('refuses a truncated line instead of returning NaNs', () => {
    expect(parseStat('4242 (x) S 1 2 3')).toBeUndefined();
    expect(parseStat('garbage')).toBeUndefined();
  });
});

describe('parsing /proc/<pid>/status', () => {
  const text =
    'Name:\tnginx\nState:\tS (sleeping)\nUid:\t1000\t33\t33\t33\nVmRSS:\t    6000 kB\nVmSwap:\t      12 kB\nThreads:\t1\nvoluntary_ctxt_switches:\t50\nnonvoluntary_ctxt_switches:\t5\n';

  it('takes the effective uid (second number), memory in bytes and both switch counts', () => {
    expect(parseStatus(text)).toEqual({
      euid: 33,
      rssBytes: 6000 * 1024,
      swapBytes: 12 * 1024,
      voluntarySwitches: 50,
      nonvoluntarySwitches: 5,
    });
  });

  it('reads a kernel thread without memory lines as zero memory', () => {
    const s = parseStatus('Name:\tkthreadd\nUid:\t0\t0\t0\t0\nvoluntary_ctxt_switches:\t9\nnonvoluntary_ctxt_switches:\t1\n');
    expect([s.rssBytes, s.swapBytes, s.voluntarySwitches]).toEqual([0, 0, 9]);
  });

  it('does not mistake voluntary_ctxt_switches for the nonvoluntary line', () => {
    expect(parseStatus('nonvoluntary_ctxt_switches:\t5\nvoluntary_ctxt_switches:\t50\n').voluntarySwitches).toBe(50);
  });
});

describe('parsing the other per-process files', () => {
  it('io gives the storage-layer read_bytes and write_bytes, not rchar and wchar', () => {
    expect(parseIo('rchar: 9\nwchar: 8\nsyscr: 1\nsyscw: 1\nread_bytes: 4096\nwrite_bytes: 8192\ncancelled_write_bytes: 0\n')).toEqual({
      readBytes: 4096,
      writeBytes: 8192,
    });
  });

  it('limits gives the soft open-files limit, and Infinity for unlimited', () => {
    const table = (soft: string) =>
      `Limit                     Soft Limit           Hard Limit           Units\nMax open files            ${soft}                524288               files\n`;
    expect(parseOpenFilesLimit(table('1024'))).toBe(1024);
    expect(parseOpenFilesLimit(table('unlimited'))).toBe(Infinity);
    expect(parseOpenFilesLimit('Limit Soft Hard\n')).toBeUndefined();
  });

  it('smaps_rollup gives Pss and SwapPss in bytes', () => {
    expect(parseSmapsRollup('Rss:   100 kB\nPss:    40 kB\nPss_Anon:  1 kB\nSwap:  0 kB\nSwapPss:    3 kB\n')).toEqual({
      pssBytes: 40 * 1024,
      swapPssBytes: 3 * 1024,
    });
  });

  it('cmdline drops trailing NULs but keeps empty arguments in the middle', () => {
    expect(parseCmdline('python3\0/srv/app.py\0\0--x\0')).toEqual(['python3', '/srv/app.py', '', '--x']);
    expect(parseCmdline('nginx: worker process\0\0\0\0')).toEqual(['nginx: worker process']);
    expect(parseCmdline('')).toEqual([]);
  });

  it('passwd maps uids to the first name listed for them and skips comments', () => {
    const users = parsePasswd('# local\nroot:x:0:0::/root:/bin/sh\ntoor:x:0:0::/root:/bin/sh\npg:x:105:110::/:/bin/false\nbroken\n');
    expect([...users]).toEqual([
      [0, 'root'],
      [105, 'pg'],
    ]);
  });

  it('uptime becomes clock ticks, comparable with a process starttime', () => {
    expect(parseUptimeTicks('5055.34 9538.61\n')).toBe(505534);
    expect(parseUptimeTicks('')).toBeUndefined();
  });
});
