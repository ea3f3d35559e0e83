// node_exporter's systemd collector (off by default, as upstream): every loaded unit's state,
// from two `systemctl show` calls per scrape — one for all units, one for the manager — rather
// than a D-Bus round trip per unit. systemctl reaches the host's manager over its socket, so in
// a container /run/systemd must be mounted from the host.
import type { MetricFamily } from '../metrics/model.js';
import { memoTest } from '../regex/memo.js';
import { builtinPattern, mustCompileRe2 } from '../regex/re2.js';
import { parseShow, systemdFamilies, type SystemdFilter } from './systemd-parse.js';
import type { CollectContext, CollectorDefinition } from './types.js';

export interface SystemdCollectorOptions {
  unit_include?: string;
  unit_exclude?: string;
  start_time?: boolean;
  /** The systemctl binary (default: systemctl from PATH). */
  systemctl?: string;
}

export const DEFAULT_UNIT_INCLUDE = '.+';
export const DEFAULT_UNIT_EXCLUDE = '.+\\.(automount|device|mount|scope|slice)';
/** The output of a host with thousands of units is a few MB; more is refused, not buffered. */
const MAX_OUTPUT = 16 * 1024 * 1024;
const UNIT_PROPERTIES = [
  'Id',
  'Type',
  'ActiveState',
  'NRestarts',
  'LastTriggerUSec',
  'NAccepted',
  'NConnections',
  'NRefused',
  'ActiveEnterTimestamp',
];

// node:child_process is loaded with the first systemd scrape: the collector is off by default.
async function systemctl(bin: string, args: string[], ctx: CollectContext): Promise<string> {
  const { execFile } = await import('node:child_process');
  return new Promise((resolve, reject) => {
    execFile(
      bin,
      args,
      {
        encoding: 'utf8',
        maxBuffer: MAX_OUTPUT,
        signal: ctx.signal,
        timeout: Math.max(1, ctx.deadline - Date.now()),
        env: { ...process.env, SYSTEMD_PAGER: '', SYSTEMD_COLORS: '0', LC_ALL: 'C' },
      },
      (err, stdout, stderr) => {
        if (err) reject(new Error(`${bin} ${args[0]}: ${stderr.trim().split('\n')[0] || err.message}`));
        else resolve(stdout);
      },
    );
  });
}

/** Anchored as Go's regexp.MatchString is not, but as node_exporter anchors these two flags. */
function anchored(pattern: string | undefined, builtin: string, where: string): (name: string) => boolean {
  return memoTest(pattern === undefined ? builtinPattern(`^(?:${builtin})$`) : mustCompileRe2(`^(?:${pattern})$`, where));
}

export const systemdCollector: CollectorDefinition<SystemdCollectorOptions> = {
  name: 'systemd',
  defaultEnabled: false,
  description: 'State of every systemd unit, restarts, timers and sockets (off by default; needs systemctl)',
  create: ({ options }) => {
    const filter: SystemdFilter = {
      include: anchored(options?.unit_include, DEFAULT_UNIT_INCLUDE, 'collectors.systemd.unit_include'),
      exclude: anchored(options?.unit_exclude, DEFAULT_UNIT_EXCLUDE, 'collectors.systemd.unit_exclude'),
    };
    const bin = options?.systemctl ?? 'systemctl';
    return {
      name: 'systemd',
      collect: async (ctx): Promise<MetricFamily[]> => {
        const [units, manager] = await Promise.all([
          systemctl(bin, ['show', '--timestamp=unix', `--property=${UNIT_PROPERTIES.join(',')}`, '*'], ctx),
          systemctl(bin, ['show', '--property=Version,SystemState'], ctx),
        ]);
        return systemdFamilies(parseShow(units), parseShow(manager)[0] ?? {}, filter, { startTime: options?.start_time === true });
      },
    };
  },
};
