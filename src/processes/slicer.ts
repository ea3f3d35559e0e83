// The process table is read synchronously (procfs reads are fast and never block on disk),
// but 2,000 processes take ~100-200 ms in one go: long enough to stall /-/healthy and other
// scrapes. The scan therefore runs in slices of a few milliseconds and yields between them
// through setImmediate, which lets pending I/O callbacks run first. Between slices it also
// checks the scrape deadline, so a huge table cannot outlive the scrape that asked for it.
import { setImmediate as yieldToLoop } from 'node:timers/promises';

export class Slicer {
  private sliceStart = performance.now();
  stoppedBecause: string | undefined;

  constructor(
    private readonly sliceMs: number,
    private readonly signal: AbortSignal,
    private readonly deadline: number,
  ) {}

  /** True when the current slice is used up; the caller then awaits pause(). */
  due(): boolean {
    return performance.now() - this.sliceStart >= this.sliceMs;
  }

  /** Yields to the event loop; false when the scan must stop (deadline or abort). */
  async pause(): Promise<boolean> {
    await yieldToLoop();
    this.sliceStart = performance.now();
    if (this.signal.aborted) this.stoppedBecause = 'the scrape was aborted';
    else if (Date.now() > this.deadline) this.stoppedBecause = 'the scrape deadline passed';
    return this.stoppedBecause === undefined;
  }
}
