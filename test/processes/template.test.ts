import { describe, expect, it } from 'vitest';
import { parseTemplate, renderTemplate, type TemplateValues } from '../../src/processes/template.js';

const values: TemplateValues = {
  comm: 'nginx',
  exeBase: 'nginx',
  exeFull: '/usr/sbin/nginx',
  username: () => 'www-data',
  pid: 42,
  matches: { svc: 'billing' },
};

function render(text: string): string {
  const t = parseTemplate(text);
  if (!t.ok) throw new Error(t.message);
  return renderTemplate(t.parts, values);
}

describe('group name templates', () => {
  const cases: [string, string, string][] = [
    ['a literal name is itself', 'web', 'web'],
    ['{{.Comm}} is the command name', '{{.Comm}}', 'nginx'],
    ['fields can be mixed with text', '{{.ExeBase}}:{{.Username}}', 'nginx:www-data'],
    ['{{.ExeFull}} and {{.PID}} render the path and the pid', '{{.ExeFull}}#{{.PID}}', '/usr/sbin/nginx#42'],
    ['{{.Matches.X}} is a named capture', 'app-{{.Matches.svc}}', 'app-billing'],
    ['spaces inside the braces are allowed', '{{ .Comm }}', 'nginx'],
    ['trim markers remove the whitespace next to them', 'a  {{- .Comm -}}  b', 'anginxb'],
    ['comments render as nothing', 'x{{/* why */}}y', 'xy'],
  ];
  for (const [name, text, want] of cases) it(name, () => expect(render(text)).toBe(want));

  const bad: [string, string, number][] = [
    ['an unknown field is refused with its offset', 'svc-{{.Nmae}}', 4],
    ['a field vigil does not support is refused', '{{.Cgroups}}', 0],
    ['a pipeline is refused', '{{.Comm | printf "%s"}}', 0],
    ['an unclosed action is refused', 'x{{.Comm', 1],
  ];
  for (const [name, text, offset] of bad) {
    it(name, () => {
      const t = parseTemplate(text);
      expect(t.ok).toBe(false);
      if (!t.ok) expect(t.offset).toBe(offset);
    });
  }

  it('asks for the user name only when the template uses it', () => {
    let asked = 0;
    const t = parseTemplate('{{.Comm}}');
    if (!t.ok) throw new Error('parse');
    renderTemplate(t.parts, {
      ...values,
      username: () => {
        asked++;
        return 'x';
      },
    });
    expect(asked).toBe(0);
  });
});
