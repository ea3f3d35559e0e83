// `expr: <PromQL>`: raw PromQL, in the unit `unit:` states. A plain selector is known well
// enough to keep its labels and make up test input; anything more needs `examples:`. Without a
// comparison the expression must carry its own (lints in meaning.ts).
import type { Sample } from '../catalog.js';
import { plainSelector } from '../promql.js';
import { gauge, type Labels, type Signal } from '../series.js';
import { UNIT_DISPLAY } from '../units.js';
import { readsVigil } from './shared.js';
import type { Source, WatchKind } from './types.js';

export const expr: WatchKind = {
  key: 'expr',
  modelKind: 'threshold',
  condition: () => 'optional',
  modifiers: true,
  over: true,
  selectable: () => [],
  kept: () => undefined,
  // Only when every selector in it names one of vigil's jobs: raw PromQL may read anything.
  fromVigil: (a) => readsVigil(a.expr!),
  source: (a) => {
    const text = a.expr!;
    const plain = plainSelector(text);
    const src: Source = {
      watched: text.trim(),
      what: plain?.metric ?? 'the value',
      plain: !!plain,
      noTest: 'its PromQL is more than a plain selector: add examples',
    };
    if (a.unit) {
      src.display = UNIT_DISPLAY[a.unit];
      src.unit = UNIT_DISPLAY[a.unit].unit;
      if (a.unit === 'ratio') src.fraction = true;
    }
    if (plain && !plain.others) {
      src.kept = [...new Set(['instance', 'job', ...Object.keys(plain.equal)])].sort();
      src.sample = (v, instance, steps) => {
        const labels = { instance, job: 'vigil', ...plain.equal };
        return { sample: gaugeSample(plain.metric, labels, v, steps), labels };
      };
    }
    return src;
  },
};

function gaugeSample(metric: string, labels: Labels, v: Signal, steps: number): Sample {
  const s = gauge(metric, labels, v, steps);
  return { series: [s], value: (t) => s.values[t] };
}
