// Whether a value meets a comparison of the model: the generated tests (plan.ts) and the
// dashboards' threshold colours (dashboards/watched.ts) judge values by this one function.
import type { Condition } from './model.js';

export function compare(x: number, c: Condition): boolean {
  switch (c.op) {
    case '>':
      return x > c.value;
    case '>=':
      return x >= c.value;
    case '<':
      return x < c.value;
    case '<=':
      return x <= c.value;
    case '==':
      return x === c.value;
    case '!=':
      return x !== c.value;
  }
}

export function holds(x: number, when: Condition[][]): boolean {
  return when.some((set) => set.every((c) => compare(x, c)));
}
