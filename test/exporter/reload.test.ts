import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startVigilProcess, type VigilProcess } from '../support/vigil-process.js';

const metric = (text: string, name: string): string | undefined => new RegExp(`^${name} (\\S+)$`, 'm').exec(text)?.[1];
const collectors = (text: string): string[] =>
  [...text.matchAll(/^vigil_scrape_collector_success\{collector="([^"]+)"\}/gm)].map((m) => m[1]!).sort();

async function until(check: () => Promise<boolean>, ms = 5000): Promise<void> {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error('condition not met in time');
}

describe('reloading the configuration', () => {
  let vigil: VigilProcess;
  let file: string;
  const scrape = async () => (await fetch(`${vigil.url}/metrics`)).text();

  beforeAll(async () => {
    file = join(mkdtempSync(join(tmpdir(), 'vigil-reload-')), 'vigil.yml');
    writeFileSync(file, 'collectors: {cpu: true, meminfo: true, loadavg: true}\n');
    vigil = await startVigilProcess(['--config', file, '--collector.disable-defaults', '--web.enable-lifecycle']);
  });
  afterAll(async () => {
    await vigil?.stop();
  });

  it('applies a changed file on SIGHUP: removed collectors disappear, added ones appear', async () => {
    expect(collectors(await scrape())).toEqual(['cpu', 'loadavg', 'meminfo']);
    writeFileSync(file, 'collectors: {cpu: true, stat: true}\n');
    vigil.child.kill('SIGHUP');
    await until(async () => collectors(await scrape()).join() === 'cpu,stat');
    const text = await scrape();
    expect(text).not.toMatch(/^node_memory_/m);
    expect(text).toMatch(/^node_boot_time_seconds /m);
    expect(metric(text, 'vigil_config_last_reload_successful')).toBe('1');
  });

  it('refuses a bad file, keeps serving the last good one and says so in its metrics', async () => {
    const before = Number(metric(await scrape(), 'vigil_config_last_reload_success_timestamp_seconds'));
    writeFileSync(file, 'collectors: {cpu: maybe}\n');
    const r = await fetch(`${vigil.url}/-/reload`, { method: 'POST' });
    expect(r.status).toBe(500);
    expect(await r.text()).toMatch(/vigil\.yml:1:19: error config-schema: collectors\.cpu must be boolean or object/);
    const text = await scrape();
    expect(collectors(text)).toEqual(['cpu', 'stat']);
    expect(metric(text, 'vigil_config_last_reload_successful')).toBe('0');
    expect(Number(metric(text, 'vigil_config_last_reload_success_timestamp_seconds'))).toBe(before);
    expect(vigil.stderr()).toContain('reload failed, keeping the running configuration');
  });

  it('recovers on the next good file through POST /-/reload, many times over without crashing', async () => {
    for (let i = 0; i < 20; i++) {
      writeFileSync(file, i % 2 ? 'collectors: {cpu: true}\n' : 'collectors: {meminfo: true}\n');
      expect((await fetch(`${vigil.url}/-/reload`, { method: 'POST' })).status).toBe(200);
    }
    const text = await scrape();
    expect(collectors(text)).toEqual(['cpu']);
    expect(metric(text, 'vigil_config_last_reload_successful')).toBe('1');
    expect(vigil.child.exitCode).toBeNull();
  });
});

describe('POST /-/reload without --web.enable-lifecycle', () => {
  let vigil: VigilProcess;
  let file: string;

  beforeAll(async () => {
    file = join(mkdtempSync(join(tmpdir(), 'vigil-reload-')), 'vigil.yml');
    writeFileSync(file, 'collectors: {loadavg: true}\n');
    vigil = await startVigilProcess(['--config', file, '--collector.disable-defaults']);
  });
  afterAll(async () => {
    await vigil?.stop();
  });

  it('is refused when no web config guards the server, and SIGHUP still reloads', async () => {
    writeFileSync(file, 'collectors: {stat: true}\n');
    const r = await fetch(`${vigil.url}/-/reload`, { method: 'POST' });
    expect(r.status).toBe(403);
    expect(collectors(await (await fetch(`${vigil.url}/metrics`)).text())).toEqual(['loadavg']);
    vigil.child.kill('SIGHUP');
    await until(async () => collectors(await (await fetch(`${vigil.url}/metrics`)).text()).join() === 'stat');
  });
});
