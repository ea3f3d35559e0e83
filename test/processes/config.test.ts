import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/config/load.js';
import { buildCollectors } from '../../src/exporter/build.js';
import { configErrors } from '../support/config-errors.js';

const problems = configErrors;

// A process-exporter config as people write it, pasted under process_names.
const PASTED = `process_names:
  - name: "{{.Comm}}"
    comm:
    - nginx
    - postgres
  - name: "java-{{.Matches.app}}"
    cmdline:
    - 'java.*-jar (?P<app>[^ /]+)\\.jar'
  - exe:
    - /usr/sbin/sshd
  - name: "{{.ExeBase}}:{{.Username}}"
    cmdline:
    - '.+'
process_options:
  children: false
  remove_empty_groups: true
`;

describe('process_names in the config file', () => {
  it('accepts a process-exporter list pasted verbatim, with options', async () => {
    const c = parseConfig(PASTED, 'vigil.yml');
    expect(c.process_names).toHaveLength(4);
    expect(c.process_options).toEqual({ children: false, remove_empty_groups: true });
    expect((await buildCollectors(c)).filter((x) => x.name === 'processes')).toHaveLength(1);
  });

  it('builds no collector when no process group is configured', async () => {
    expect((await buildCollectors(parseConfig('listen: "127.0.0.1:1"\n', 'vigil.yml'))).some((x) => x.name === 'processes')).toBe(false);
  });

  it('points at a cmdline regex that does not compile', () => {
    const d = problems("process_names:\n  - name: x\n    cmdline:\n      - ok\n      - 'app('\n");
    expect(d.map((x) => [x.code, x.line, x.column])).toEqual([['process-bad-regex', 5, 9]]);
  });

  it('refuses a lookahead in a cmdline regex, since selectors are RE2 as in process-exporter', () => {
    const d = problems("process_names:\n  - name: x\n    cmdline: ['^java (?!.*-Dtest)']\n");
    expect(d.map((x) => [x.code, x.line, x.column])).toEqual([['process-bad-regex', 3, 22]]);
    expect(d[0]!.message).toContain('not an RE2 regular expression');
    expect(d[0]!.hint).toMatch(/no lookahead or lookbehind/);
  });

  it('points at a name template with an unknown field', () => {
    const d = problems('process_names:\n  - name: "{{.Cmd}}"\n    comm: [x]\n');
    expect(d.map((x) => [x.code, x.line, x.column])).toEqual([['process-bad-template', 2, 11]]);
    expect(d[0]!.hint).toContain('.Comm');
  });

  it('points at a template that uses a capture no regex defines', () => {
    const d = problems('process_names:\n  - name: "{{.Matches.svc}}"\n    cmdline: [\'--service=(?P<service>\\w+)\']\n');
    expect(d.map((x) => x.code)).toEqual(['process-bad-template']);
    expect(d[0]!.hint).toContain('service');
  });

  it('refuses an entry without a selector, at the entry', () => {
    const d = problems('process_names:\n  - name: lonely\n');
    expect(d.map((x) => [x.code, x.line])).toEqual([['process-no-selector', 2]]);
  });

  it('refuses unknown keys in an entry and in process_options through the schema', () => {
    expect(problems('process_names:\n  - name: x\n    cmdlin: [a]\n').map((x) => x.code)).toEqual(['config-schema']);
    expect(problems('process_options:\n  childs: true\n').map((x) => x.code)).toEqual(['config-schema']);
  });
});
