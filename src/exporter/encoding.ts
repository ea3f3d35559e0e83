// Accept-Encoding as RFC 9110 §12.5.3 reads it: a coding with q=0 is refused, an explicit
// entry for gzip outranks the `*` wildcard, and a missing q means 1.

/** Whether the client accepts a gzip-coded response. */
export function acceptsGzip(header: string | undefined): boolean {
  if (!header) return false;
  let gzip: number | undefined;
  let star: number | undefined;
  for (const part of header.split(',')) {
    const [name, ...params] = part.split(';').map((s) => s.trim());
    const coding = name?.toLowerCase();
    if (coding !== 'gzip' && coding !== 'x-gzip' && coding !== '*') continue;
    let q = 1;
    for (const p of params) {
      const m = /^q\s*=\s*([0-9.]+)$/i.exec(p);
      if (m) q = Number(m[1]);
    }
    if (Number.isNaN(q)) q = 0;
    if (coding === '*') star = Math.max(star ?? 0, q);
    else gzip = Math.max(gzip ?? 0, q);
  }
  return (gzip ?? star ?? 0) > 0;
}
