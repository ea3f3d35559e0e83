#!/usr/bin/env node
// Writes schema/config.schema.json from the TypeScript source of truth (after a build).
import { writeFileSync } from 'node:fs';
const { configSchema } = await import('../dist/config/schema.js');
writeFileSync(new URL('../schema/config.schema.json', import.meta.url), JSON.stringify(configSchema, null, 2) + '\n');
console.log('wrote schema/config.schema.json');
