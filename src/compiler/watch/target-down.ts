// `target_down: true`: Prometheus cannot scrape the target (the catalog's target_up is 0).
import { CATALOG } from '../catalog.js';
import { friendlyKind } from './metric.js';
import type { WatchKind } from './types.js';

export const targetDown: WatchKind = friendlyKind(
  {
    key: 'target_down',
    modelKind: 'absence',
    condition: () => 'forbidden',
    modifiers: false,
    over: false,
    fixedLevel: () => ({ key: 'equal', value: 0 }),
    // `up` is written by Prometheus: it is the reason others are muted, never muted itself.
    fromVigil: () => false,
    summary: ({ who }) => `Prometheus cannot scrape ${who || 'the target'}`,
  },
  (a) => (a.target_down ? CATALOG.get('target_up') : undefined),
);
