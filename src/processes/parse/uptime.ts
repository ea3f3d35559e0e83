// /proc/uptime: "seconds-since-boot idle-seconds". Converted to clock ticks so it compares
// exactly with a process's starttime from /proc/<pid>/stat.

export const USER_HZ = 100;

export function parseUptimeTicks(text: string): number | undefined {
  const s = Number(text.trim().split(/\s+/)[0]);
  return Number.isFinite(s) ? Math.floor(s * USER_HZ) : undefined;
}
