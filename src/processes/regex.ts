// process-exporter compiles cmdline selectors with Go's RE2. The syntax JavaScript does not
// share is rewritten here so a pasted config keeps working: (?P<name>...) captures, leading
// flag groups like (?i), \A and \z anchors, \Q...\E literals and [[:alpha:]] classes. What
// cannot be expressed is refused with a reason instead of being matched differently.

export type Translated = { ok: true; source: string; flags: string } | { ok: false; message: string; hint?: string };

const POSIX_CLASSES: Record<string, string> = {
  alnum: '0-9A-Za-z', alpha: 'A-Za-z', ascii: '\\x00-\\x7F', blank: '\\t ', cntrl: '\\x00-\\x1F\\x7F',
  digit: '0-9', graph: '!-~', lower: 'a-z', print: ' -~', punct: '!-\\/:-@\\[-`{-~', space: '\\t\\n\\v\\f\\r ',
  upper: 'A-Z', word: '0-9A-Za-z_', xdigit: '0-9A-Fa-f',
};

export function translateGoRegex(go: string): Translated {
  let src = go;
  let flags = '';
  // Flags apply to the whole expression only when they lead it; elsewhere JavaScript has no
  // equivalent on Node 20, so those are refused below.
  const lead = /^\(\?([imsU]+)\)/.exec(src);
  if (lead) {
    if (lead[1]!.includes('U')) return { ok: false, message: 'the (?U) ungreedy flag has no JavaScript equivalent', hint: 'write lazy quantifiers (*?, +?) instead' };
    flags = [...new Set(lead[1]!.split(''))].join('');
    src = src.slice(lead[0].length);
  }
  let out = '';
  let inClass = false;
  for (let i = 0; i < src.length; i++) {
    const c = src[i]!;
    if (c === '\\') {
      const n = src[i + 1];
      if (n === undefined) return { ok: false, message: 'trailing backslash' };
      if (n === 'Q') {
        const end = src.indexOf('\\E', i + 2);
        const lit = src.slice(i + 2, end < 0 ? undefined : end);
        out += lit.replace(/[\\^$.*+?()[\]{}|/-]/g, '\\$&');
        i = end < 0 ? src.length : end + 1;
        continue;
      }
      if (!inClass && n === 'A') { out += '(?<![\\s\\S])'; i++; continue; }
      if (!inClass && n === 'z') { out += '(?![\\s\\S])'; i++; continue; }
      if (n === 'p' || n === 'P' || n === 'C' || (n === 'x' && src[i + 2] === '{')) {
        return { ok: false, message: `\\${n} is not supported in cmdline selectors`, hint: 'use an explicit character class such as [A-Za-z]' };
      }
      out += c + n;
      i++;
      continue;
    }
    if (inClass) {
      if (c === '[' && src[i + 1] === ':') {
        const end = src.indexOf(':]', i + 2);
        const name = end < 0 ? '' : src.slice(i + 2, end);
        const negated = name.startsWith('^');
        const cls = POSIX_CLASSES[negated ? name.slice(1) : name];
        if (cls === undefined || negated) return { ok: false, message: `unknown or negated POSIX class [:${name}:]` };
        out += cls;
        i = end + 1;
        continue;
      }
      if (c === ']') inClass = false;
      out += c;
      continue;
    }
    if (c === '[') {
      inClass = true;
      out += c;
      // A ']' right after '[' or '[^' is a literal in RE2; JavaScript would end the class.
      if (src[i + 1] === '^') { out += '^'; i++; }
      if (src[i + 1] === ']') { out += '\\]'; i++; }
      continue;
    }
    if (c === '(' && src.startsWith('(?P<', i)) {
      out += '(?<';
      i += 3;
      continue;
    }
    if (c === '(' && src[i + 1] === '?' && /^\(\?[imsU-]+[:)]/.test(src.slice(i))) {
      return { ok: false, message: 'inline flag groups other than a leading (?i), (?m) or (?s) are not supported', hint: 'move the flags to the very start of the expression' };
    }
    out += c;
  }
  try {
    new RegExp(out, flags);
  } catch (err) {
    return { ok: false, message: (err as Error).message.replace(/^Invalid regular expression: /, '') };
  }
  return { ok: true, source: out, flags };
}
