// What `systemctl show` prints — blocks of Key=Value lines, one block per unit, separated by a
// blank line — turned into node_exporter's systemd families. Pure, so recorded output from a
// real host is the test fixture.
import { counter, gauge, type MetricFamily, type Sample } from '../metrics/model.js';

export const UNIT_STATES = ['active', 'activating', 'deactivating', 'inactive', 'failed'] as const;

export type UnitProps = Record<string, string>;

export function parseShow(text: string): UnitProps[] {
  const out: UnitProps[] = [];
  let cur: UnitProps = {};
  for (const line of text.split('\n')) {
    if (line.trim() === '') {
      if (Object.keys(cur).length) out.push(cur);
      cur = {};
      continue;
    }
    const eq = line.indexOf('=');
    if (eq > 0) cur[line.slice(0, eq)] = line.slice(eq + 1);
  }
  if (Object.keys(cur).length) out.push(cur);
  return out;
}

/** "@1700000000" (--timestamp=unix) or "" (never); seconds since the epoch, or undefined. */
function unixTime(v: string | undefined): number | undefined {
  const m = v && /^@(\d+(?:\.\d+)?)$/.exec(v.trim());
  return m ? Number(m[1]) : undefined;
}

function count(v: string | undefined): number | undefined {
  if (v === undefined || !/^\d+$/.test(v)) return undefined; // "[not set]", or a property this unit type lacks
  return Number(v);
}

export interface SystemdFilter {
  include: (unit: string) => boolean;
  exclude: (unit: string) => boolean;
}

export interface SystemdOptions {
  startTime?: boolean;
}

export function systemdFamilies(units: UnitProps[], manager: UnitProps, filter: SystemdFilter, opts: SystemdOptions = {}): MetricFamily[] {
  const kept = units
    .filter((u) => u['Id'] && filter.include(u['Id']) && !filter.exclude(u['Id']))
    .sort((a, b) => (a['Id']! < b['Id']! ? -1 : 1));
  const state: Sample[] = [];
  const restarts: Sample[] = [];
  const triggers: Sample[] = [];
  const accepted: Sample[] = [];
  const current: Sample[] = [];
  const refused: Sample[] = [];
  const started: Sample[] = [];
  const summary = new Map<string, number>(UNIT_STATES.map((s) => [s, 0]));
  for (const u of kept) {
    const name = u['Id']!;
    const active = u['ActiveState'] ?? '';
    // node_exporter's `type` is the unit's Type= (a service's simple/forking/notify/oneshot,
    // a mount's filesystem), empty for units that have none.
    const type = u['Type'] ?? '';
    for (const s of UNIT_STATES) state.push({ labels: { name, state: s, type }, value: s === active ? 1 : 0 });
    if (summary.has(active)) summary.set(active, summary.get(active)! + 1);
    const labels = { name };
    if (name.endsWith('.service')) {
      const n = count(u['NRestarts']);
      if (n !== undefined) restarts.push({ labels, value: n });
    }
    if (name.endsWith('.timer')) {
      // LastTriggerUSec in --timestamp=unix form; a timer that never fired reports 0, as upstream.
      triggers.push({ labels, value: unixTime(u['LastTriggerUSec']) ?? 0 });
    }
    if (name.endsWith('.socket')) {
      const a = count(u['NAccepted']);
      const c = count(u['NConnections']);
      const r = count(u['NRefused']);
      if (a !== undefined) accepted.push({ labels, value: a });
      if (c !== undefined) current.push({ labels, value: c });
      if (r !== undefined) refused.push({ labels, value: r });
    }
    if (opts.startTime) started.push({ labels, value: unixTime(u['ActiveEnterTimestamp']) ?? 0 });
  }
  const fams: MetricFamily[] = [];
  if (accepted.length)
    fams.push(counter('node_systemd_socket_accepted_connections_total', 'Total number of accepted socket connections', accepted));
  if (current.length) fams.push(gauge('node_systemd_socket_current_connections', 'Current number of socket connections', current));
  if (refused.length)
    fams.push(counter('node_systemd_socket_refused_connections_total', 'Total number of refused socket connections', refused));
  if (restarts.length) fams.push(counter('node_systemd_service_restart_total', 'Service unit count of Restart triggers', restarts));
  fams.push(
    gauge('node_systemd_system_running', "Whether the system is operational (see 'systemctl is-system-running')", [
      { value: manager['SystemState'] === 'running' ? 1 : 0 },
    ]),
  );
  if (triggers.length) fams.push(gauge('node_systemd_timer_last_trigger_seconds', 'Seconds since epoch of last trigger.', triggers));
  if (started.length)
    fams.push(gauge('node_systemd_unit_start_time_seconds', 'Start time of the unit since unix epoch in seconds.', started));
  fams.push(gauge('node_systemd_unit_state', 'Systemd unit', state));
  fams.push(
    gauge(
      'node_systemd_units',
      'Summary of systemd unit states',
      [...summary].map(([s, value]) => ({ labels: { state: s }, value })),
    ),
  );
  const version = manager['Version'];
  const major = version ? Number.parseFloat(version) : NaN;
  if (version && Number.isFinite(major))
    fams.push(gauge('node_systemd_version', 'Detected systemd version', [{ labels: { version }, value: major }]));
  return fams;
}
