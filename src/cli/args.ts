// The one flag parser of every vigil command: `--name value`, `--name=value`, boolean
// `--flag`, and positionals. Kept by hand so flags can mirror node_exporter's dotted names
// (--path.procfs, --collector.cpu, --no-collector.cpu) which option libraries handle poorly.

export interface ParsedArgs {
  positionals: string[];
  flags: Map<string, string | true>;
}

export function parseArgs(argv: readonly string[], valueFlags: ReadonlySet<string>): ParsedArgs {
  const positionals: string[] = [];
  const flags = new Map<string, string | true>();
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--') {
      positionals.push(...argv.slice(i + 1));
      break;
    }
    if (!a.startsWith('-') || a === '-') {
      positionals.push(a);
      continue;
    }
    const body = a.replace(/^--?/, '');
    const eq = body.indexOf('=');
    if (eq >= 0) {
      flags.set(body.slice(0, eq), body.slice(eq + 1));
    } else if (valueFlags.has(body)) {
      const v = argv[i + 1];
      if (v === undefined) throw new UsageError(`flag --${body} needs a value`);
      flags.set(body, v);
      i++;
    } else {
      flags.set(body, true);
    }
  }
  return { positionals, flags };
}

/** --help or -h before any `--`: answered with the command's flags, whatever else is there. */
export function wantsHelp(argv: readonly string[]): boolean {
  for (const a of argv) {
    if (a === '--') return false;
    if (a === '--help' || a === '-h') return true;
  }
  return false;
}

export class UsageError extends Error {}
