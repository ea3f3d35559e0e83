// Which nodes of a rule file failed the shape check. The meaning checks skip those and check
// every other alert, so one run reports both layers: a file with a misspelt key in one alert
// and an unknown metric in another shows both errors, not the second only after the first
// is fixed.
import type { PathSegment } from '../yaml/source.js';
import type { ShapeFault } from '../yaml/validate.js';

export class ShapeFaults {
  // Every node that holds a fault, itself included: one lookup per question, however many
  // faults a hostile file has.
  private readonly holding = new Set<string>();
  constructor(faults: readonly ShapeFault[]) {
    for (const f of faults) {
      for (let i = 0; i <= f.path.length; i++) this.holding.add(key(f.path.slice(0, i)));
    }
  }

  /** Whether a shape error is about this node or something inside it. */
  within(path: readonly PathSegment[]): boolean {
    return this.holding.has(key(path));
  }
}

function key(path: readonly PathSegment[]): string {
  return path.map((s) => `/${String(s)}`).join('');
}
