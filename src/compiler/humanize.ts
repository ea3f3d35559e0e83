// Go's number formatting and Prometheus's humanize* template functions, so a generated test
// can state the exact annotation text an alert will carry. Behaviour follows Prometheus's
// documented template functions (template/template.go), written here from that description.

/** Go's fmt %.<p>g: p significant digits, exponent when exp < -4 or exp >= p, no trailing zeros. */
export function formatG(v: number, p = 4): string {
  if (Number.isNaN(v)) return 'NaN';
  if (!Number.isFinite(v)) return v > 0 ? '+Inf' : '-Inf';
  if (v === 0) return Object.is(v, -0) ? '-0' : '0';
  const [mant, expText] = v.toExponential(p - 1).split('e') as [string, string];
  const exp = Number(expText);
  if (exp < -4 || exp >= p) {
    const m = trimZeros(mant);
    return `${m}e${exp < 0 ? '-' : '+'}${String(Math.abs(exp)).padStart(2, '0')}`;
  }
  return trimZeros(v.toFixed(Math.max(0, p - 1 - exp)));
}

function trimZeros(s: string): string {
  return s.includes('.') ? s.replace(/0+$/, '').replace(/\.$/, '') : s;
}

/** Go's %v of a float64: shortest representation, exponent when exp < -4 or exp >= 21. */
export function formatV(v: number): string {
  if (Number.isNaN(v)) return 'NaN';
  if (!Number.isFinite(v)) return v > 0 ? '+Inf' : '-Inf';
  if (v === 0) return '0';
  const shortest = v.toExponential().split('e')[0]!;
  const e = Number(v.toExponential().split('e')[1]);
  if (e < -4 || e >= 21) return `${shortest}e${e < 0 ? '-' : '+'}${String(Math.abs(e)).padStart(2, '0')}`;
  return String(v);
}

export function humanize(v: number): string {
  if (v === 0 || !Number.isFinite(v)) return formatG(v);
  if (Math.abs(v) >= 1) {
    let prefix = '';
    for (const p of ['k', 'M', 'G', 'T', 'P', 'E', 'Z', 'Y']) {
      if (Math.abs(v) < 1000) break;
      prefix = p;
      v /= 1000;
    }
    return formatG(v) + prefix;
  }
  let prefix = '';
  for (const p of ['m', 'u', 'n', 'p', 'f', 'a', 'z', 'y']) {
    if (Math.abs(v) >= 1) break;
    prefix = p;
    v *= 1000;
  }
  return formatG(v) + prefix;
}

export function humanize1024(v: number): string {
  if (Math.abs(v) <= 1 || !Number.isFinite(v)) return formatG(v);
  let prefix = '';
  for (const p of ['ki', 'Mi', 'Gi', 'Ti', 'Pi', 'Ei', 'Zi', 'Yi']) {
    if (Math.abs(v) < 1024) break;
    prefix = p;
    v /= 1024;
  }
  return formatG(v) + prefix;
}

export function humanizePercentage(v: number): string {
  return `${formatG(v * 100)}%`;
}

export function humanizeDuration(v: number): string {
  if (!Number.isFinite(v)) return formatG(v);
  if (v === 0) return `${formatG(v)}s`;
  if (Math.abs(v) >= 1) {
    const sign = v < 0 ? '-' : '';
    const abs = Math.abs(v);
    const whole = Math.trunc(abs);
    const seconds = whole % 60;
    const minutes = Math.floor(whole / 60) % 60;
    const hours = Math.floor(whole / 3600) % 24;
    const days = Math.floor(whole / 86400);
    if (days) return `${sign}${days}d ${hours}h ${minutes}m ${seconds}s`;
    if (hours) return `${sign}${hours}h ${minutes}m ${seconds}s`;
    if (minutes) return `${sign}${minutes}m ${seconds}s`;
    return `${sign}${formatG(abs)}s`;
  }
  let prefix = '';
  for (const p of ['m', 'u', 'n', 'p', 'f', 'a', 'z', 'y']) {
    if (Math.abs(v) >= 1) break;
    prefix = p;
    v *= 1000;
  }
  return `${formatG(v)}${prefix}s`;
}

export const HUMANIZERS: Record<string, (v: number) => string> = { humanize, humanize1024, humanizePercentage, humanizeDuration };
