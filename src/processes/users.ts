// {{.Username}}: the effective uid's name from /etc/passwd under the root filesystem (so it
// is the host's when vigil runs in a container), or the number when the uid has no entry,
// as process-exporter prints it. The file is re-read at most once a minute, and only when a
// uid is missing, so accounts created after start-up still resolve.
import { join } from 'node:path';
import { parsePasswd } from './parse/passwd.js';
import { readProcFile } from './procfile.js';

const REREAD_MS = 60_000;

export class UserNames {
  private names = new Map<number, string>();
  private loadedAt = -Infinity;

  constructor(
    private readonly rootfs: string,
    private readonly now: () => number = Date.now,
  ) {}

  name(uid: number): string {
    let n = this.names.get(uid);
    if (n === undefined && this.now() - this.loadedAt >= REREAD_MS) {
      this.load();
      n = this.names.get(uid);
    }
    return n ?? String(uid);
  }

  private load(): void {
    this.loadedAt = this.now();
    try {
      this.names = parsePasswd(readProcFile(join(this.rootfs, 'etc', 'passwd'), 'utf8'));
    } catch {
      // No passwd file (a scratch container): every uid prints as its number, which is
      // what process-exporter does too, so there is nothing to report.
      this.names = new Map();
    }
  }
}
