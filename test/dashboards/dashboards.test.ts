import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { renderDashboards } from '../../src/dashboards/emit.js';
import { ruleDashboardUid, UIDS } from '../../src/dashboards/uids.js';
import { levelSteps } from '../../src/dashboards/watched.js';
import { input } from './fixture.js';

// Golden files: UPDATE_GOLDEN=1 npx vitest run test/dashboards rewrites them.
const GOLDEN = join(dirname(fileURLToPath(import.meta.url)), 'golden');
const UPDATE = process.env['UPDATE_GOLDEN'] === '1';

interface Target {
  expr?: string;
  refId?: string;
  datasource?: { uid?: string };
}
interface Panel {
  id: number;
  type: string;
  title: string;
  datasource?: { type?: string; uid?: string };
  targets?: Target[];
  panels?: Panel[];
  fieldConfig?: { defaults?: { thresholds?: { steps: { value: number | null; color: string }[] } } };
}
interface Dash {
  uid: string;
  title: string;
  panels: Panel[];
  tags: string[];
  templating: { list: { name: string }[] };
  annotations: { list: unknown[] };
}

const files = renderDashboards(input);
const dashboards = [...files].map(([path, text]) => ({ path, text, d: JSON.parse(text) as Dash }));
const panelsOf = (d: Dash): Panel[] => d.panels.flatMap((p) => [p, ...(p.panels ?? [])]);

describe('generated dashboards', () => {
  it.each(dashboards.map((x) => [x.path, x] as const))('%s matches its golden file', (path, x) => {
    const golden = join(GOLDEN, path.replace(/^grafana\/dashboards\//, ''));
    if (UPDATE || !existsSync(golden)) {
      if (!UPDATE) throw new Error(`no golden file ${golden}: run with UPDATE_GOLDEN=1`);
      mkdirSync(dirname(golden), { recursive: true });
      writeFileSync(golden, x.text);
    }
    expect(x.text).toBe(readFileSync(golden, 'utf8'));
  });

  it('are byte-identical when rendered again', () => {
    const again = renderDashboards(structuredClone(input));
    expect([...again]).toEqual([...files]);
  });

  it("have stable uids that fit Grafana's 40 characters", () => {
    expect(dashboards.map((x) => x.d.uid).sort()).toEqual(
      [UIDS.health, UIDS.host, UIDS.probes, UIDS.processes, 'vigil-rules-example'].sort(),
    );
    expect(ruleDashboardUid('rules/example.yaml')).toBe('vigil-rules-example');
    const long = ruleDashboardUid('rules/a-very-long-rule-file-name-for-the-payments-team.yaml');
    expect(long.length).toBeLessThanOrEqual(40);
    expect(long).toBe(ruleDashboardUid('rules/a-very-long-rule-file-name-for-the-payments-team.yaml'));
    expect(long).not.toBe(ruleDashboardUid('rules/a-very-long-rule-file-name-for-the-payments-team2.yaml'));
  });

  it('give every panel a unique id, a datasource and at least one query with a refId (alert list excepted)', () => {
    for (const { path, d } of dashboards) {
      const panels = panelsOf(d).filter((p) => p.type !== 'row');
      expect(panels.length, path).toBeGreaterThan(0);
      const ids = panelsOf(d).map((p) => p.id);
      expect(new Set(ids).size, path).toBe(ids.length);
      for (const p of panels) {
        expect(p.datasource?.type, `${path} ${p.title}`).toBe('prometheus');
        if (p.type === 'alertlist') continue;
        expect(p.targets?.length, `${path} ${p.title}`).toBeGreaterThan(0);
        for (const t of p.targets!) {
          expect(t.expr, `${path} ${p.title}`).toMatch(/\S/);
          expect(t.refId).toMatch(/^[A-Z]+$/);
          expect(t.datasource?.uid).toBe('${datasource}');
        }
      }
    }
  });

  it('offer the datasource variable everywhere and job/instance on the host overview, with $__rate_interval', () => {
    for (const { d } of dashboards) expect(d.templating.list.map((v) => v.name)).toContain('datasource');
    const host = dashboards.find((x) => x.d.uid === UIDS.host)!;
    expect(host.d.templating.list.map((v) => v.name)).toEqual(['datasource', 'job', 'instance']);
    const exprs = panelsOf(host.d)
      .flatMap((p) => p.targets ?? [])
      .map((t) => t.expr!);
    expect(exprs.filter((e) => e.includes('rate(')).every((e) => e.includes('[$__rate_interval]'))).toBe(true);
    expect(exprs.every((e) => e.includes('instance=~"$instance"'))).toBe(true);
  });

  it('health reads the health recording rule and lists firing alerts', () => {
    const health = dashboards.find((x) => x.d.uid === UIDS.health)!;
    expect(health.text).toContain('vigil:health:status');
    expect(panelsOf(health.d).map((p) => p.type)).toContain('alertlist');
  });

  it("draw each alert's levels as its thresholds: the same numbers the rules use", () => {
    const rules = dashboards.find((x) => x.d.uid === 'vigil-rules-example')!;
    const byTitle = new Map(panelsOf(rules.d).map((p) => [p.title, p]));
    expect(byTitle.get('HostCpuHigh')!.fieldConfig!.defaults!.thresholds!.steps).toEqual([
      { value: null, color: 'green' },
      { value: 80, color: 'orange' },
      { value: 95, color: 'red' },
    ]);
    expect(byTitle.get('HostMemoryAvailableLow')!.fieldConfig!.defaults!.thresholds!.steps).toEqual([
      { value: null, color: 'red' },
      { value: 2.5e8, color: 'orange' },
      { value: 1e9, color: 'green' },
    ]);
    expect(byTitle.get('HostClockOff')!.fieldConfig!.defaults!.thresholds!.steps).toEqual([
      { value: null, color: 'orange' },
      { value: -0.05, color: 'green' },
      { value: 0.05, color: 'orange' },
    ]);
    expect(byTitle.get('HostDiskFillsSoon')!.targets!.map((t) => t.expr)).toContain(
      'predict_linear(node_filesystem_avail_bytes{mountpoint="/"}[6h], 4 * 3600)',
    );
    expect(byTitle.get('RequestRateUnusual')!.targets!.map((t) => t.expr)).toContain('vigil:baseline:mean + 3 * vigil:baseline:stddev');
    expect(byTitle.get('CheckoutAvailability: error budget left')!.targets![0]!.expr).toBe('slo:error_budget_remaining');
    expect(byTitle.get('CheckoutAvailability: burn rate')!.targets!.length).toBe(3);
  });

  it("move the host tiles' thresholds with the host alerts' levels", () => {
    const moved = renderDashboards({
      ...input,
      hostLevels: { cpu_usage_percent: [{ severity: 'critical', when: [{ op: '>', value: 70 }] }] },
    });
    const host = JSON.parse(moved.get('grafana/dashboards/host.json')!) as Dash;
    const cpu = panelsOf(host).find((p) => p.title === 'CPU busy' && p.type === 'stat')!;
    expect(cpu.fieldConfig!.defaults!.thresholds!.steps).toEqual([
      { value: null, color: 'green' },
      { value: 70, color: 'red' },
    ]);
  });

  it('colour a "between" level inside its bounds only', () => {
    expect(
      levelSteps([
        {
          severity: 'critical',
          when: [
            { op: '>=', value: 10 },
            { op: '<=', value: 20 },
          ],
        },
      ]),
    ).toEqual([
      { value: null, color: 'green' },
      { value: 10, color: 'red' },
      { value: 20, color: 'green' },
    ]);
  });
});
