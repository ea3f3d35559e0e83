// Every host read goes through these three roots so a collector can run on a fixture tree,
// or inside a container with the host's /proc mounted elsewhere (node_exporter's --path.*).
import { join } from 'node:path';

export interface HostPaths {
  procfs: string;
  sysfs: string;
  rootfs: string;
}

export function procPath(paths: HostPaths, ...parts: string[]): string {
  return join(paths.procfs, ...parts);
}

export function sysPath(paths: HostPaths, ...parts: string[]): string {
  return join(paths.sysfs, ...parts);
}

export function rootPath(paths: HostPaths, ...parts: string[]): string {
  return join(paths.rootfs, ...parts);
}
