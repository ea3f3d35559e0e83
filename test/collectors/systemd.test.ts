import { fileURLToPath } from 'node:url';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { DEFAULT_UNIT_EXCLUDE, systemdCollector } from '../../src/collectors/systemd.js';
import { parseShow, systemdFamilies } from '../../src/collectors/systemd-parse.js';
import { ctx, flatten } from '../support/host-fixture.js';

const FIXTURES = fileURLToPath(new URL('../fixtures/systemd/', import.meta.url));
const units = parseShow(readFileSync(`${FIXTURES}show-units.txt`, 'utf8'));
const manager = parseShow(readFileSync(`${FIXTURES}show-manager.txt`, 'utf8'))[0]!;
const re = (p: RegExp) => (s: string) => p.test(s);
const filter = { include: re(/^(?:.+)$/), exclude: re(new RegExp(`^(?:${DEFAULT_UNIT_EXCLUDE})$`)) };

describe('systemd collector: systemctl show output to node_exporter families', () => {
  it("gives each unit one series per state, 1 for the state it is in, with the unit's Type", () => {
    const m = flatten(systemdFamilies(units, manager, filter));
    expect(m.get('node_systemd_unit_state{name="ssh.service",state="active",type="notify"}')).toBe(1);
    expect(m.get('node_systemd_unit_state{name="ssh.service",state="failed",type="notify"}')).toBe(0);
    expect(m.get('node_systemd_unit_state{name="backup.service",state="failed",type="oneshot"}')).toBe(1);
    expect(m.get('node_systemd_unit_state{name="docker.socket",state="active",type=""}')).toBe(1);
    // Mounts and slices are left out by upstream's default exclude.
    expect([...m.keys()].some((k) => k.includes('home.mount') || k.includes('user.slice'))).toBe(false);
    expect(m.get('node_systemd_units{state="active"}')).toBe(4); // ssh, backup.timer, docker.socket, multi-user.target
    expect(m.get('node_systemd_units{state="failed"}')).toBe(1);
    expect(m.get('node_systemd_units{state="activating"}')).toBe(1);
  });

  it("reads restarts, timers, sockets, the manager's state and version", () => {
    const m = flatten(systemdFamilies(units, manager, filter));
    expect(m.get('node_systemd_service_restart_total{name="app.service"}')).toBe(3);
    expect(m.get('node_systemd_timer_last_trigger_seconds{name="backup.timer"}')).toBe(1764576000);
    expect(m.get('node_systemd_timer_last_trigger_seconds{name="never.timer"}')).toBe(0);
    expect(m.get('node_systemd_socket_accepted_connections_total{name="docker.socket"}')).toBe(17);
    expect(m.get('node_systemd_socket_current_connections{name="docker.socket"}')).toBe(2);
    expect(m.get('node_systemd_socket_refused_connections_total{name="docker.socket"}')).toBe(1);
    expect(m.get('node_systemd_system_running')).toBe(0); // degraded: a unit failed
    expect(m.get('node_systemd_version{version="252.38-1~deb12u1"}')).toBe(252.38);
    expect([...m.keys()].some((k) => k.startsWith('node_systemd_unit_start_time_seconds'))).toBe(false);
    const withStart = flatten(systemdFamilies(units, manager, filter, { startTime: true }));
    expect(withStart.get('node_systemd_unit_start_time_seconds{name="ssh.service"}')).toBe(1764580000);
  });

  it('applies include and exclude patterns to whole unit names', () => {
    const only = { include: re(/^(?:.+\.service)$/), exclude: re(/^(?:app\.service)$/) };
    const names = new Set(
      systemdFamilies(units, manager, only)
        .find((f) => f.name === 'node_systemd_unit_state')!
        .samples.map((s) => s.labels!['name']),
    );
    expect([...names].sort()).toEqual(['backup.service', 'ssh.service']);
  });

  it('runs systemctl twice a scrape and fails with a reason, not a hang, when it does not answer', async () => {
    const opts = { systemctl: `${FIXTURES}fake-systemctl.sh` };
    const c = systemdCollector.create({ options: opts, paths: { procfs: '/proc', sysfs: '/sys', rootfs: '/' }, platform: 'linux' });
    const m = flatten(await c.collect(ctx()));
    expect(m.get('node_systemd_unit_state{name="ssh.service",state="active",type="notify"}')).toBe(1);
    process.env['FAKE_SYSTEMCTL_HANG'] = '1';
    try {
      const started = Date.now();
      await expect(Promise.resolve(c.collect(ctx(undefined, 500)))).rejects.toThrow(/fake-systemctl\.sh show/);
      expect(Date.now() - started).toBeLessThan(10_000);
    } finally {
      delete process.env['FAKE_SYSTEMCTL_HANG'];
    }
  });
});
