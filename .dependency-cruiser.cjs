// The layers of src/, checked by `npm run lint:imports` (part of `npm test` and CI).
// From the bottom: yaml, regex, metrics, log (no vigil imports above them); the collectors of
// each kind (collectors, probes, processes) and web; sections (the table of vigil.yml's
// sections); config; exporter; cli. The rule compiler (compiler, dashboards, alertmanager)
// stands beside the exporter and shares only yaml and the cli helpers with it.
const DOMAIN = '^src/(collectors|probes|processes|web)/';
const BASE = '^src/(yaml|regex|metrics|log\\.ts|version\\.ts)';

module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      severity: 'error',
      comment: 'Modules that import each other cannot be read, tested or loaded one at a time.',
      // The compiler's meaning checks import each other today; its restructuring (issue 13,
      // the compiler half) is where that is untangled. Everything else must stay acyclic.
      from: { pathNot: '^src/compiler/' },
      // A cycle closed only by `import type` has no load order (types are erased), so it does
      // not count: probes/exec-config.ts names the Reader type of the config.ts that calls it.
      to: { circular: true, viaOnly: { dependencyTypesNot: ['type-only'] } },
    },
    {
      name: 'base-imports-nothing-above',
      severity: 'error',
      comment: 'yaml, regex, metrics and log are the bottom layer: they import no other part of vigil but each other.',
      from: { path: BASE },
      to: { path: '^src/', pathNot: BASE },
    },
    {
      name: 'domain-stays-below-sections',
      severity: 'error',
      comment: 'Collectors, probes, processes and web know nothing of the config file, the exporter or the commands.',
      from: { path: DOMAIN },
      to: { path: '^src/(sections|config|exporter|cli|compiler|dashboards|alertmanager|bench)/' },
    },
    {
      name: 'sections-below-config',
      severity: 'error',
      comment: 'A section takes the config as data (config/types.ts) and is walked by config/load.ts and exporter/build.ts.',
      from: { path: '^src/sections/' },
      to: { path: '^src/(config/(?!types\\.ts)|exporter|cli|compiler|dashboards|alertmanager|bench)' },
    },
    {
      name: 'config-below-exporter',
      severity: 'error',
      from: { path: '^src/config/' },
      to: { path: '^src/(exporter|cli|compiler|dashboards|alertmanager|bench)/' },
    },
    {
      name: 'exporter-below-cli',
      severity: 'error',
      from: { path: '^src/exporter/' },
      to: { path: '^src/(cli|compiler|dashboards|alertmanager|bench)/' },
    },
    {
      name: 'compiler-apart-from-exporter',
      severity: 'error',
      comment: 'The rule compiler runs without the exporter and the exporter without the compiler.',
      from: { path: '^src/(compiler|dashboards|alertmanager)/' },
      to: { path: '^src/(exporter|sections|config|collectors|probes|processes|web|bench)/' },
    },
    {
      name: 'no-test-code-in-src',
      severity: 'error',
      from: { path: '^src/' },
      to: { path: '^(test|scripts)/' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
  },
};
