#!/usr/bin/env node
// `npm test`: make sure the real Prometheus-world tools the tests run against are here,
// build, then run the whole suite. On a root Debian machine missing tools are installed;
// elsewhere they are named loudly, and under CI=true their absence is a failure.
import { execFileSync, spawnSync } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';

// binary → Debian package that provides it
export const TOOLS = {
  promtool: 'prometheus',
  prometheus: 'prometheus',
  'prometheus-node-exporter': 'prometheus-node-exporter',
  'prometheus-process-exporter': 'prometheus-process-exporter',
  'prometheus-blackbox-exporter': 'prometheus-blackbox-exporter',
  amtool: 'prometheus-alertmanager',
  'prometheus-alertmanager': 'prometheus-alertmanager',
  'redis-server': 'redis-server',
  initdb: 'postgresql',
  'docker-compose': 'docker-compose',
  openssl: 'openssl',
  'systemd-analyze': 'systemd',
  setpriv: 'util-linux',
  nginx: 'nginx',
  mtail: 'mtail',
  'victoria-metrics': 'victoria-metrics',
  vmalert: 'victoria-metrics',
};

// Packages that bring no binary on PATH, known by a file they install.
export const FILES = {
  '/usr/share/prometheus-node-exporter-collectors/directory-size.sh': 'prometheus-node-exporter-collectors',
  '/usr/lib/python3/dist-packages/prometheus_client/__init__.py': 'python3-prometheus-client',
};

const EXTRA = ['/usr/sbin', '/usr/lib/postgresql/15/bin', '/usr/lib/postgresql/16/bin', '/usr/lib/postgresql/17/bin'];

function has(bin) {
  for (const dir of [...(process.env.PATH ?? '').split(delimiter), ...EXTRA]) {
    try {
      accessSync(join(dir, bin), constants.X_OK);
      return true;
    } catch {
      // keep looking
    }
  }
  return false;
}

function present(path) {
  try {
    accessSync(path, constants.R_OK);
    return true;
  } catch {
    return false;
  }
}

function missingPackages() {
  const bins = Object.entries(TOOLS)
    .filter(([bin]) => !has(bin))
    .map(([, pkg]) => pkg);
  const files = Object.entries(FILES)
    .filter(([path]) => !present(path))
    .map(([, pkg]) => pkg);
  return [...new Set([...bins, ...files])];
}

let missing = missingPackages();
if (missing.length && process.getuid?.() === 0 && has('apt-get')) {
  console.log(`installing Debian packages the tests need: ${missing.join(' ')}`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  spawnSync('apt-get', ['update', '-qq'], { stdio: 'inherit', env });
  spawnSync('apt-get', ['install', '-y', '-qq', '--no-install-recommends', ...missing], { stdio: 'inherit', env });
  missing = missingPackages();
}
if (missing.length) {
  const line = '!'.repeat(78);
  console.error(
    `${line}\nMISSING Debian packages: ${missing.join(' ')}\n` +
      `Tests that need them will be reported as SKIPPED (install with: apt-get install ${missing.join(' ')}).\n${line}`,
  );
  if (process.env.CI === 'true') {
    console.error('CI=true: refusing to run with tools missing.');
    process.exit(1);
  }
}

execFileSync(process.execPath, ['node_modules/typescript/bin/tsc', '-p', 'tsconfig.json'], { stdio: 'inherit' });
// vitest strips types without checking them; the tests are held to the same strict rules here.
execFileSync(process.execPath, ['node_modules/typescript/bin/tsc', '-p', 'tsconfig.test.json'], { stdio: 'inherit' });
// Lint, the layer rules and the formatting of the files under the formatter, before the tests.
// `format:check` covers only the files listed in package.json until the whole tree is formatted.
for (const script of ['lint', 'format:check']) {
  const lint = spawnSync('npm', ['run', '--silent', script], { stdio: 'inherit' });
  if (lint.status !== 0) {
    console.error(`npm test: npm run ${script} failed`);
    process.exit(lint.status ?? 1);
  }
}
const r = spawnSync(process.execPath, ['node_modules/vitest/vitest.mjs', 'run', ...process.argv.slice(2)], { stdio: 'inherit' });
process.exit(r.status ?? 1);
