// node_exporter's device_include / device_exclude pair: an include, when set, is the only
// filter; otherwise the exclude (or the collector's default exclude) applies. The answers are
// remembered per device name, since the same names come back every scrape. A collector with no
// default exclude (infiniband) keeps every device unless told otherwise.
import { memoTest } from '../regex/memo.js';
import { builtinPattern, mustCompileRe2 } from '../regex/re2.js';

export function deviceFilter(
  collector: string,
  include: string | undefined,
  exclude: string | undefined,
  defaultExclude: string | undefined,
): (device: string) => boolean {
  if (include) {
    const test = memoTest(mustCompileRe2(include, `collectors.${collector}.device_include`));
    return (device) => test(device);
  }
  const pattern =
    exclude !== undefined
      ? mustCompileRe2(exclude, `collectors.${collector}.device_exclude`)
      : defaultExclude !== undefined
        ? builtinPattern(defaultExclude)
        : undefined;
  if (!pattern) return () => true;
  const test = memoTest(pattern);
  return (device) => !test(device);
}
