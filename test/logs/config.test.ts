import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/config/load.js';
import { buildCollectors } from '../../src/exporter/build.js';
import { configErrors } from '../support/config-errors.js';

const errors = configErrors;

describe('the logs: config section', () => {
  it('accepts every format and builds one logs collector', async () => {
    const c = parseConfig(
      [
        'logs:',
        '  - {name: web, path: /tmp/none/access.log, format: combined, labels: {vhost: www}}',
        '  - {name: old, path: /tmp/none/a.log, format: common}',
        '  - {name: timed, path: /tmp/none/t.log, format: nginx_timed, buckets: [0.1, 0.5, 2]}',
        '  - name: api',
        '    path: /tmp/none/api.json',
        '    format: json',
        '    fields: {status: code, duration: took_ms}',
        '    duration_unit: milliseconds',
        '    labels: {vhost: {field: host}}',
        '    max_series: 50',
      ].join('\n'),
      'vigil.yml',
    );
    expect(c.logs).toHaveLength(4);
    const built = (
      await buildCollectors({ ...c, collectors: { ...Object.fromEntries(['cpu', 'runtime'].map((n) => [n, false])) } }, 'linux')
    ).filter((x) => x.name === 'logs');
    expect(built).toHaveLength(1);
    await built[0]!.close?.();
  });

  it('refuses an unknown format and a missing path, with positions', () => {
    const d = errors('logs:\n  - {name: web, format: apache}\n');
    expect(d.map((x) => x.code)).toEqual(['config-schema', 'config-schema']);
    expect(d.every((x) => x.line === 2)).toBe(true);
    expect(d.map((x) => x.message).join('\n')).toMatch(/path/);
    expect(d.map((x) => x.message).join('\n')).toMatch(/combined.*common.*nginx_timed.*json/);
  });

  it('refuses a label from a field on a text format, pointing at the label', () => {
    const [d, ...rest] = errors('logs:\n  - name: web\n    path: /x\n    format: combined\n    labels:\n      vhost: {field: host}\n');
    expect(rest).toEqual([]);
    expect(d).toMatchObject({ code: 'config-log-json-only', file: 'vigil.yml', line: 6, column: 7 });
    expect(d!.message).toContain('logs[0].labels.vhost');
    expect(d!.hint).toMatch(/fixed value/);
  });

  it('refuses labels vigil sets itself, buckets out of order and names used twice', () => {
    const d = errors(
      [
        'logs:',
        '  - {name: web, path: /a, format: json, labels: {code: x}}',
        '  - {name: web, path: /b, format: common, buckets: [1, 0.5]}',
        '  - {name: t, path: /c, format: common, fields: {status: s}}',
      ].join('\n'),
    );
    expect(d.map((x) => [x.code, x.line])).toEqual([
      ['config-log-reserved-label', 2],
      ['config-duplicate-log', 3],
      ['config-log-buckets', 3],
      ['config-log-json-only', 4],
    ]);
  });

  it('refuses an invalid label name and a non-positive bucket through the schema', () => {
    expect(errors('logs:\n  - {name: w, path: /a, format: common, labels: {"bad-name": x}}\n')[0]).toMatchObject({
      code: 'config-schema',
      line: 2,
    });
    expect(errors('logs:\n  - {name: w, path: /a, format: common, buckets: [0]}\n')[0]).toMatchObject({ code: 'config-schema', line: 2 });
  });
});
