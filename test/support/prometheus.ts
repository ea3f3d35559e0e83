import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startDaemon } from './daemon.js';
import { freePort } from './ports.js';

export interface RunningPrometheus {
  url: string;
  dir: string;
  child: ChildProcess;
  query(expr: string): Promise<{ metric: Record<string, string>; value: [number, string] }[]>;
  stop(): Promise<void>;
}

export interface PrometheusOptions {
  /** Agent mode (Prometheus 2.x's feature flag): scrapes and forwards, keeps no TSDB to query. */
  agent?: boolean;
  /** More command-line flags, e.g. --web.enable-remote-write-receiver. */
  args?: string[];
}

/** Starts a real Prometheus (Debian's binary) on a free loopback port with the given config. */
export async function startPrometheus(
  binary: string,
  configYaml: string,
  extraFiles: Record<string, string> = {},
  opts: PrometheusOptions = {},
): Promise<RunningPrometheus> {
  const dir = mkdtempSync(join(tmpdir(), 'vigil-prom-'));
  writeFileSync(join(dir, 'prometheus.yml'), configYaml);
  for (const [name, text] of Object.entries(extraFiles)) writeFileSync(join(dir, name), text);
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const { child, stop } = await startDaemon(
    'prometheus',
    binary,
    [
      `--config.file=${join(dir, 'prometheus.yml')}`,
      ...(opts.agent
        ? ['--enable-feature=agent', `--storage.agent.path=${join(dir, 'data')}`]
        : [`--storage.tsdb.path=${join(dir, 'data')}`]),
      `--web.listen-address=127.0.0.1:${port}`,
      '--web.enable-lifecycle',
      '--log.level=warn',
      ...(opts.args ?? []),
    ],
    `${url}/-/ready`,
  );
  return {
    url,
    dir,
    child,
    stop,
    async query(expr) {
      const r = await fetch(`${url}/api/v1/query?query=${encodeURIComponent(expr)}`);
      const j = (await r.json()) as {
        status: string;
        error?: string;
        data: { result: { metric: Record<string, string>; value: [number, string] }[] };
      };
      if (j.status !== 'success') throw new Error(`query ${expr} failed: ${j.error}`);
      return j.data.result;
    },
  };
}

export async function eventually<T>(fn: () => Promise<T | undefined>, timeoutMs: number, stepMs = 250): Promise<T> {
  const end = Date.now() + timeoutMs;
  let last: unknown;
  while (Date.now() < end) {
    try {
      const v = await fn();
      if (v !== undefined) return v;
    } catch (err) {
      last = err;
    }
    await new Promise((r) => setTimeout(r, stepMs));
  }
  throw new Error(`condition not met within ${timeoutMs} ms${last ? `: ${String(last)}` : ''}`);
}
