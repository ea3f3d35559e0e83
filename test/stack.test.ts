import { describe, expect, it } from 'vitest';
import { run, tool } from './support/tools.js';

// The shipped stack cannot run here (no Docker engine), so its files are checked by the
// tools that own their formats.

describe('the shipped stack', () => {
  const promtool = tool('promtool', 'prometheus');
  it.skipIf(promtool.missing)('prometheus/prometheus.yml passes promtool check config', () => {
    const r = run(promtool.path!, ['check', 'config', '--syntax-only', 'prometheus/prometheus.yml']);
    expect(r.stdout + r.stderr).toContain('SUCCESS');
    expect(r.code).toBe(0);
  });

  const compose = tool('docker-compose', 'docker-compose');
  it.skipIf(compose.missing)('docker-compose.yml passes docker-compose config', () => {
    const r = run(compose.path!, ['-f', 'docker-compose.yml', 'config', '--services']);
    expect(r.code).toBe(0);
    expect(r.stdout.split('\n').filter(Boolean).sort()).toEqual(['alertmanager', 'grafana', 'mailpit', 'prometheus', 'vigil']);
  });
});
