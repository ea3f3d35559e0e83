#!/usr/bin/env -S node --max-semi-space-size=2 --heap-growing-percent=50 --no-allocation-site-pretenuring
// The vigil command: `serve` or the compiler's `compile | check | test`. The compiler is imported
// only for its commands, so an exporter never loads it; exit 1 is a failure, 2 a usage error.
import { UsageError } from './cli/args.js';
import { serveCommand, serveHelp } from './cli/serve.js';
import { COMMANDS, commandHelp, mainHelp, SERVE } from './cli/usage.js';
import { VERSION } from './version.js';
import { DiagnosticError, formatDiagnostic } from './yaml/diagnostic.js';
import { readFileSync } from 'node:fs';

async function main(argv: string[]): Promise<number> {
  const [cmd, ...rest] = argv;
  switch (cmd) {
    case undefined:
    case 'help':
    case '--help':
    case '-h':
      process.stdout.write(mainHelp(VERSION));
      return 0;
    case '--version':
    case '-v':
    case 'version':
      process.stdout.write(`vigil ${VERSION}\n`);
      return 0;
    case 'serve':
      return serveCommand(rest);
    case 'compile':
    case 'check':
    case 'test': {
      const commands = await import('./compiler/commands.js');
      if (cmd === 'compile') return commands.compileCommand(rest);
      if (cmd === 'check') return commands.checkCommand(rest);
      return commands.testCommand(rest);
    }
    default:
      throw new UsageError(`unknown command "${cmd}"`);
  }
}

function sourceOf(file: string): string | undefined {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    if (err instanceof DiagnosticError) {
      for (const d of err.diagnostics) console.error(formatDiagnostic(d, sourceOf(d.file)));
      process.exitCode = 1;
    } else if (err instanceof UsageError) {
      console.error(`vigil: ${err.message}\n`);
      const command = COMMANDS.find((c) => c.name === process.argv[2]);
      console.error(command === SERVE ? serveHelp() : command ? commandHelp(command) : mainHelp(VERSION));
      process.exitCode = 2;
    } else {
      console.error(`vigil: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
      process.exitCode = 1;
    }
  },
);
