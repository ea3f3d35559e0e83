// A module loader hook for tests: appends the URL of every module Node loads to the file named
// by VIGIL_MODULE_LOG, so a test can tell which of vigil's modules a process brought in.
import { appendFileSync } from 'node:fs';

const out = process.env['VIGIL_MODULE_LOG'];

export async function load(url, context, next) {
  if (out) appendFileSync(out, `${url}\n`);
  return next(url, context);
}
