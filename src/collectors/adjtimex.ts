// adjtimex(2) has no file under /proc or /sys: the kernel's clock discipline state (offset,
// frequency, errors, sync status) is only reachable by the system call. Node has no FFI of its
// own, so koffi (a registry package that ships its prebuilt binding, no compiler at install)
// calls it in libc. It is loaded on the first timex scrape only.
import { createRequire } from 'node:module';

/** struct timex on LP64 Linux (x86-64, arm64, riscv64, ppc64): 208 bytes, these offsets. */
const SIZE = 208;
const AT = {
  offset: 8,
  freq: 16,
  maxerror: 24,
  esterror: 32,
  status: 40,
  constant: 48,
  tick: 88,
  ppsfreq: 96,
  jitter: 104,
  shift: 112,
  stabil: 120,
  jitcnt: 128,
  calcnt: 136,
  errcnt: 144,
  stbcnt: 152,
  tai: 160,
} as const;

export type Timex = Record<keyof typeof AT, number> & { state: number };

let call: ((buf: Buffer) => number) | undefined;

function bind(): (buf: Buffer) => number {
  if (call) return call;
  if (process.platform !== 'linux' || !['x64', 'arm64', 'riscv64', 'ppc64', 'loong64'].includes(process.arch)) {
    throw new Error(`adjtimex is read on 64-bit Linux only (this is ${process.platform}/${process.arch})`);
  }
  const koffi = createRequire(import.meta.url)('koffi') as {
    load(lib: string): { func(signature: string): (buf: Buffer) => number };
  };
  call = koffi.load('libc.so.6').func('int adjtimex(void *buf)');
  return call;
}

/** The kernel's answer to adjtimex with modes 0 (read only). */
export function readTimex(): Timex {
  const buf = Buffer.alloc(SIZE);
  const state = bind()(buf);
  if (state < 0) throw new Error('adjtimex failed');
  const out = { state } as Timex;
  for (const [k, at] of Object.entries(AT) as [keyof typeof AT, number][]) {
    out[k] = k === 'status' || k === 'shift' || k === 'tai' ? buf.readInt32LE(at) : Number(buf.readBigInt64LE(at));
  }
  return out;
}
