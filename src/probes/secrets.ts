// Secrets are named in the config, never written there: `<field>_env` names an environment
// variable, `<field>_file` a file whose contents (without the trailing newline) are the value.
import { readFileSync } from 'node:fs';
import { looksLikeEnvName } from '../yaml/credentials.js';

export type SecretSource = { env: string } | { file: string };

/** The secret source declared on `obj` for `field` (`password_env` / `password_file`), if any. */
export function secretSource(obj: Record<string, unknown>, field: string): SecretSource | undefined {
  const env = obj[`${field}_env`];
  if (typeof env === 'string') return { env };
  const file = obj[`${field}_file`];
  if (typeof file === 'string') return { file };
  return undefined;
}

export class SecretError extends Error {
  constructor(
    readonly source: SecretSource,
    message: string,
  ) {
    super(message);
  }
}

/** Reads a secret; the message of a failure names where it looked, never the value. */
export function readSecret(source: SecretSource, env: NodeJS.ProcessEnv = process.env): string {
  if ('env' in source) {
    const v = env[source.env];
    if (v === undefined || v === '') {
      // A "name" that is no conventional variable name may be the secret itself, written
      // where its name belongs: not repeated.
      throw new SecretError(
        source,
        looksLikeEnvName(source.env)
          ? `environment variable ${source.env} is not set`
          : 'the environment variable it names is not set, and that name does not look like one (is the secret itself written there?)',
      );
    }
    return v;
  }
  let text: string;
  try {
    text = readFileSync(source.file, 'utf8');
  } catch (err) {
    throw new SecretError(source, `cannot read ${source.file}: ${(err as NodeJS.ErrnoException).code ?? 'error'}`);
  }
  // Files written by `echo` or editors end in a newline that is not part of the secret.
  return text.replace(/\r?\n$/, '');
}
