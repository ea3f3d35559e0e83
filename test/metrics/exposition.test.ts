import { describe, expect, it } from 'vitest';
import { WriterPool } from '../../src/metrics/bytes.js';
import { encode, render } from '../../src/metrics/exposition.js';
import type { MetricFamily, MetricType, Sample } from '../../src/metrics/model.js';

// The writer encodes straight into bytes; this reference says the same thing the plain way
// (strings, String(), Buffer.from) so the two can be compared over many random families.
function reference(families: MetricFamily[], format: 'text' | 'openmetrics'): Buffer {
  const help = (s: string) => s.replace(/\\/g, '\\\\').replace(/\n/g, '\\n');
  const label = (s: string) => s.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');
  const value = (v: number) => (Number.isNaN(v) ? 'NaN' : v === Infinity ? '+Inf' : v === -Infinity ? '-Inf' : String(v));
  const sample = (name: string, s: Sample) => {
    const labels =
      s.labels && Object.keys(s.labels).length
        ? `{${Object.entries(s.labels)
            .map(([k, v]) => `${k}="${label(v)}"`)
            .join(',')}}`
        : '';
    return `${name}${s.suffix ?? ''}${labels} ${value(s.value)}\n`;
  };
  let out = '';
  for (const f of families) {
    if (!f.samples.length) continue;
    if (format === 'text') {
      out += `# HELP ${f.name} ${help(f.help)}\n# TYPE ${f.name} ${f.type}\n`;
      for (const s of f.samples) out += sample(f.name, s);
    } else {
      const counter = f.type === 'counter';
      const family = counter && f.name.endsWith('_total') ? f.name.slice(0, -6) : f.name;
      out += `# TYPE ${family} ${f.type === 'untyped' ? 'unknown' : f.type}\n# HELP ${family} ${label(f.help)}\n`;
      for (const s of f.samples) out += sample(counter ? `${family}_total` : f.name, s);
    }
  }
  if (format === 'openmetrics') out += '# EOF\n';
  return Buffer.from(out, 'utf8');
}

function random(seed: number): () => number {
  let x = seed;
  return () => {
    x = (x * 1103515245 + 12345) % 2147483648;
    return x / 2147483648;
  };
}

const AWKWARD = [
  '',
  'a',
  '\\',
  '"',
  '\n',
  'é',
  'Ω',
  '日本',
  '😀',
  '\ud800',
  '\udc00x',
  'tab\there',
  'quote"and\\back\nline',
  'x'.repeat(300),
];
const NUMBERS = [
  0,
  -0,
  1,
  -1,
  42,
  0.5,
  -2.25,
  1e-7,
  123456789012,
  2 ** 53 - 1,
  2 ** 53,
  -(2 ** 53) + 1,
  1e21,
  1.5e300,
  5e-324,
  NaN,
  Infinity,
  -Infinity,
  0.1 + 0.2,
  1234.5678,
  // 9007199254740993 is 2^53 + 1 on purpose: it reads as 2^53, which must render the same way.
  // eslint-disable-next-line no-loss-of-precision
  9007199254740993,
  1e20,
];

function randomFamilies(rnd: () => number): MetricFamily[] {
  const pick = <T>(xs: T[]) => xs[Math.floor(rnd() * xs.length)]!;
  const text = () => (rnd() < 0.5 ? pick(AWKWARD) : Math.floor(rnd() * 1e6).toString(36)) + (rnd() < 0.3 ? pick(AWKWARD) : '');
  const types: MetricType[] = ['counter', 'gauge', 'histogram', 'summary', 'untyped'];
  return Array.from({ length: 1 + Math.floor(rnd() * 6) }, (_, i) => {
    const type = pick(types);
    const name = `m${i}_${Math.floor(rnd() * 100)}${type === 'counter' && rnd() < 0.7 ? '_total' : ''}`;
    const samples: Sample[] = Array.from({ length: Math.floor(rnd() * 5) }, () => {
      const s: Sample = { value: rnd() < 0.6 ? pick(NUMBERS) : (rnd() - 0.5) * 10 ** Math.floor(rnd() * 30 - 10) };
      if (rnd() < 0.3) s.suffix = pick(['_bucket', '_sum', '_count']);
      if (rnd() < 0.7) s.labels = Object.fromEntries(Array.from({ length: Math.floor(rnd() * 4) }, (_, k) => [`l${k}`, text()]));
      return s;
    });
    return { name, help: text(), type, samples };
  });
}

describe('exposition writer', () => {
  it('writes the text format byte for byte like plain string building, over 3,000 random families', () => {
    const rnd = random(0x5eed);
    for (let i = 0; i < 1000; i++) {
      const fams = randomFamilies(rnd);
      for (const format of ['text', 'openmetrics'] as const) {
        const got = encode(fams, format);
        const want = reference(fams, format);
        if (!got.equals(want)) expect(got.toString('utf8')).toBe(want.toString('utf8'));
      }
    }
  });

  it('writes a known exposition exactly', () => {
    const fams: MetricFamily[] = [
      {
        name: 'node_network_receive_bytes_total',
        help: 'Bytes \\ received\nper device.',
        type: 'counter',
        samples: [
          { labels: { device: 'eth0' }, value: 123456789 },
          { labels: { device: 'wl"an\\0\n' }, value: -0 },
        ],
      },
      { name: 'node_load1', help: '1m load average.', type: 'gauge', samples: [{ value: 0.25 }] },
      { name: 'empty', help: 'no samples', type: 'gauge', samples: [] },
      {
        name: 'h',
        help: 'x',
        type: 'histogram',
        samples: [
          { suffix: '_bucket', labels: { le: '+Inf' }, value: NaN },
          { suffix: '_sum', value: Infinity },
        ],
      },
      { name: 'u', help: 'é', type: 'untyped', samples: [{ labels: {}, value: -Infinity }] },
    ];
    expect(render(fams, 'text')).toBe(
      [
        '# HELP node_network_receive_bytes_total Bytes \\\\ received\\nper device.',
        '# TYPE node_network_receive_bytes_total counter',
        'node_network_receive_bytes_total{device="eth0"} 123456789',
        'node_network_receive_bytes_total{device="wl\\"an\\\\0\\n"} 0',
        '# HELP node_load1 1m load average.',
        '# TYPE node_load1 gauge',
        'node_load1 0.25',
        '# HELP h x',
        '# TYPE h histogram',
        'h_bucket{le="+Inf"} NaN',
        'h_sum +Inf',
        '# HELP u é',
        '# TYPE u untyped',
        'u -Inf',
        '',
      ].join('\n'),
    );
    expect(render(fams, 'openmetrics')).toContain('# TYPE node_network_receive_bytes counter\n# HELP node_network_receive_bytes Bytes');
    expect(render(fams, 'openmetrics')).toContain('# TYPE u unknown\n');
    // A quote in HELP is escaped in OpenMetrics (an escaped-string) and not in 0.0.4.
    const quoted: MetricFamily[] = [{ name: 'q', help: 'say "hi"', type: 'gauge', samples: [{ value: 1 }] }];
    expect(render(quoted, 'openmetrics')).toContain('# HELP q say \\"hi\\"\n');
    expect(render(quoted, 'text')).toContain('# HELP q say "hi"\n');
    expect(render(fams, 'openmetrics').endsWith('u -Inf\n# EOF\n')).toBe(true);
  });

  it('grows past its first buffer and does not let one scrape see the next', () => {
    const big: MetricFamily[] = [
      {
        name: 'big',
        help: 'many',
        type: 'gauge',
        samples: Array.from({ length: 20_000 }, (_, i) => ({
          labels: { i: String(i), text: '日本'.repeat(i % 7) },
          value: i * 1.5,
        })),
      },
    ];
    const first = encode(big, 'text');
    expect(first.length).toBeGreaterThan(64 * 1024);
    expect(first.equals(reference(big, 'text'))).toBe(true);
    const small = encode([{ name: 'small', help: 's', type: 'gauge', samples: [{ value: 1 }] }], 'text');
    expect(small.toString()).toBe('# HELP small s\n# TYPE small gauge\nsmall 1\n');
    // The first body is a copy, not a view of the writer's reused buffer.
    expect(first.equals(reference(big, 'text'))).toBe(true);
  });
});

describe('writer pool', () => {
  it('hands out a writer again once given back, and lets an oversized one go', () => {
    const pool = new WriterPool(2, 128 * 1024);
    const a = pool.take();
    a.text('abc');
    pool.give(a);
    const again = pool.take();
    expect(again).toBe(a);
    expect(again.length).toBe(0);
    again.text('x'.repeat(200 * 1024));
    pool.give(again);
    expect(pool.take()).not.toBe(again);
  });
});
