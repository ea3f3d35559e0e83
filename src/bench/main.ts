// `npm run bench [scenario ...]`: each scenario starts vigil and its peer tool side by side
// and prints both, with ratios. Scenarios: host, processes, probes, soak, logs, compile (default:
// all); --quick runs each with fewer scrapes or lines.
import { benchHost } from './host.js';

type Scenario = { name: string; run: () => Promise<string> };

const quick = process.argv.includes('--quick');
const n = (full: number, small: number) => (quick ? small : full);

const scenarios: Scenario[] = [
  { name: 'host', run: () => benchHost({ scrapes: n(3000, 300), soakScrapes: n(10_000, 1000) }) },
  { name: 'processes', run: async () => (await import('./processes.js')).benchProcesses({ scrapes: n(30, 5) }) },
  { name: 'probes', run: async () => (await import('./probes.js')).benchProbes() },
  { name: 'soak', run: async () => (await import('./soak.js')).benchSoak({ scrapes: n(10_000, 1000) }) },
  { name: 'logs', run: async () => (await import('./logs.js')).benchLogs({ lines: n(500_000, 50_000) }) },
  { name: 'compile', run: async () => (await import('./compile.js')).benchCompile() },
];

async function main(): Promise<void> {
  const wanted = process.argv.slice(2).filter((a) => !a.startsWith('--'));
  const chosen = wanted.length ? scenarios.filter((s) => wanted.includes(s.name)) : scenarios;
  if (wanted.length && chosen.length !== wanted.length) {
    throw new Error(`unknown scenario; known: ${scenarios.map((s) => s.name).join(', ')}`);
  }
  for (const s of chosen) {
    const started = Date.now();
    console.log(`\n=== ${s.name} ===`);
    console.log(await s.run());
    console.log(`(${((Date.now() - started) / 1000).toFixed(1)} s)`);
  }
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.stack : err);
  process.exitCode = 1;
});
