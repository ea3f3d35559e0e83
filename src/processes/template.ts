// Group names are Go text/template strings in process-exporter ("{{.Comm}}",
// "{{.Matches.svc}}-{{.Username}}"). Real configs only ever reference fields, so that is
// the subset accepted, with whitespace and {{- -}} trim markers; anything else is refused at
// start-up with the offset of the action, rather than rendered wrong at scrape time.

export type TemplateField = 'Comm' | 'ExeBase' | 'ExeFull' | 'Username' | 'PID';

export type TemplatePart = { kind: 'text'; text: string } | { kind: 'field'; field: TemplateField } | { kind: 'match'; name: string };

export interface TemplateError {
  /** Offset of the offending action in the template text. */
  offset: number;
  message: string;
  hint?: string;
}

export type ParsedTemplate = { ok: true; parts: TemplatePart[] } | ({ ok: false } & TemplateError);

const FIELDS: readonly string[] = ['Comm', 'ExeBase', 'ExeFull', 'Username', 'PID'];
const UNSUPPORTED: readonly string[] = ['StartTime', 'Cgroups', 'Cwd'];

/** What a name is rendered from for one process. */
export interface TemplateValues {
  comm: string;
  exeBase: string;
  exeFull: string;
  /** Called only when the template uses {{.Username}}: the uid lookup is not free. */
  username(): string;
  pid: number;
  matches: Readonly<Record<string, string>>;
}

export function parseTemplate(text: string): ParsedTemplate {
  const parts: TemplatePart[] = [];
  let pos = 0;
  let trimNext = false;
  while (pos <= text.length) {
    const open = text.indexOf('{{', pos);
    let literal = text.slice(pos, open < 0 ? undefined : open);
    if (trimNext) literal = literal.trimStart();
    if (open < 0) {
      if (literal) parts.push({ kind: 'text', text: literal });
      break;
    }
    const close = text.indexOf('}}', open + 2);
    if (close < 0) return { ok: false, offset: open, message: 'unclosed action "{{"', hint: 'close it with "}}"' };
    let inner = text.slice(open + 2, close);
    if (/^-\s/.test(inner)) {
      literal = literal.trimEnd();
      inner = inner.slice(1);
    }
    trimNext = /\s-$/.test(inner);
    if (trimNext) inner = inner.slice(0, -1);
    if (literal) parts.push({ kind: 'text', text: literal });
    inner = inner.trim();
    pos = close + 2;
    if (inner.startsWith('/*') && inner.endsWith('*/')) continue;
    const m = /^\.([A-Za-z_][A-Za-z0-9_]*)(?:\.([A-Za-z_][A-Za-z0-9_]*))?$/.exec(inner);
    if (!m) {
      return {
        ok: false,
        offset: open,
        message: `"{{${inner}}}" is not a field reference`,
        hint: 'vigil accepts {{.Comm}}, {{.ExeBase}}, {{.ExeFull}}, {{.Username}}, {{.PID}} and {{.Matches.NAME}}',
      };
    }
    const [, field, sub] = m;
    if (field === 'Matches' && sub) {
      parts.push({ kind: 'match', name: sub });
      continue;
    }
    if (sub === undefined && FIELDS.includes(field!)) {
      parts.push({ kind: 'field', field: field as TemplateField });
      continue;
    }
    if (UNSUPPORTED.includes(field!)) {
      return {
        ok: false,
        offset: open,
        message: `{{.${field}}} is not supported by vigil`,
        hint: 'group by {{.Comm}}, {{.ExeBase}}, {{.Username}} or a cmdline capture instead',
      };
    }
    return {
      ok: false,
      offset: open,
      message: `unknown template field "${inner}"`,
      hint: 'known fields: .Comm .ExeBase .ExeFull .Username .PID .Matches.NAME',
    };
  }
  return { ok: true, parts };
}

export function renderTemplate(parts: readonly TemplatePart[], v: TemplateValues): string {
  let out = '';
  for (const p of parts) {
    if (p.kind === 'text') out += p.text;
    else if (p.kind === 'match') out += v.matches[p.name] ?? '';
    else if (p.field === 'Comm') out += v.comm;
    else if (p.field === 'ExeBase') out += v.exeBase;
    else if (p.field === 'ExeFull') out += v.exeFull;
    else if (p.field === 'Username') out += v.username();
    else out += String(v.pid);
  }
  return out;
}
