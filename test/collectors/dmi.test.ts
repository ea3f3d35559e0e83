import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { dmiCollector } from '../../src/collectors/dmi.js';
import type { HostPaths } from '../../src/collectors/paths.js';
import { releaseKeptFiles } from '../../src/collectors/read.js';
import { ctx, FIXTURE_PATHS } from '../support/host-fixture.js';

const collect = async (paths: HostPaths = FIXTURE_PATHS) =>
  dmiCollector.create({ options: {}, paths, platform: 'linux' }).collect(ctx(paths));

const trees: string[] = [];
afterEach(() => {
  releaseKeptFiles();
  for (const t of trees.splice(0)) rmSync(t, { recursive: true, force: true });
});

describe('dmi', () => {
  it('labels node_dmi_info with every attribute the firmware gives, through the class link', async () => {
    const [info] = await collect();
    expect(info!.name).toBe('node_dmi_info');
    expect(info!.samples).toEqual([
      {
        value: 1,
        labels: {
          bios_date: '04/12/2023',
          bios_release: '5.27',
          bios_vendor: 'American Megatrends International, LLC.',
          bios_version: '2.1a',
          board_asset_tag: 'Default string',
          board_name: 'X12STH-F',
          board_serial: 'WM21AS000123',
          board_vendor: 'Supermicro',
          board_version: '1.02',
          // an attribute the firmware left empty is still a label, as in node_exporter
          chassis_asset_tag: '',
          chassis_serial: 'C7210LK19NA0123',
          chassis_vendor: 'Supermicro',
          chassis_version: '0123456789',
          product_family: 'Family',
          product_name: 'SYS-5019C-MR',
          product_serial: 'S123456X1234567',
          product_sku: 'To be filled by O.E.M.',
          product_uuid: '6a1e4c2a-3f0b-11ee-9d31-3cecef123456',
          product_version: '0123456789',
          // the file is sys_vendor, the label system_vendor; chassis_type, modalias and uevent are not served
          system_vendor: 'Supermicro',
        },
      },
    ]);
  });

  it('gives only the labels of the attributes there are, and nothing where there is no DMI', async () => {
    const root = mkdtempSync(join(tmpdir(), 'vigil-dmi-'));
    trees.push(root);
    mkdirSync(join(root, 'sys/devices/virtual/dmi/id'), { recursive: true });
    mkdirSync(join(root, 'sys/class/dmi'), { recursive: true });
    symlinkSync('../../devices/virtual/dmi/id', join(root, 'sys/class/dmi/id'));
    writeFileSync(join(root, 'sys/devices/virtual/dmi/id/sys_vendor'), 'QEMU\n');
    writeFileSync(join(root, 'sys/devices/virtual/dmi/id/product_name'), 'Standard PC (Q35 + ICH9, 2009)\n');
    const paths = { procfs: join(root, 'proc'), sysfs: join(root, 'sys'), rootfs: root };
    expect((await collect(paths))[0]!.samples).toEqual([
      { value: 1, labels: { product_name: 'Standard PC (Q35 + ICH9, 2009)', system_vendor: 'QEMU' } },
    ]);
    expect((await collect({ ...paths, sysfs: join(root, 'nonexistent') })).flatMap((f) => f.samples)).toEqual([]);
  });
});
