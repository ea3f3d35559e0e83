// The layers of src/, checked by `npm run lint:imports` (part of `npm test` and CI).
// From the bottom: yaml, regex, metrics, log (no vigil imports above them); the collectors of
// each kind (collectors, probes, processes) and web; sections (the table of vigil.yml's
// sections); config; exporter; cli. The rule compiler (compiler, dashboards, alertmanager)
// stands beside the exporter and shares only the bottom layer, the cli helpers and the one
// list of non-disk filesystem types (collectors/fs-types.ts) with it. Inside the compiler:
//   base: the language (schema.ts, its one description, and spec.ts, the types read off it),
//     the model, conventions, catalog and the small pure helpers they stand on; they import
//     nothing else of the compiler.
//   analysis (load, the checker, watch/, judges/, build, records, ...) imports base.
//   emitters (emit-rules/tests/operator, src/dashboards, src/alertmanager) import only base.
//   orchestrator (pipeline, stack, views, commands, write): the only modules that
//     know every emitter.
const DOMAIN = '^src/(collectors|probes|processes|web)/';
const BASE = '^src/(yaml|regex|metrics|log\\.ts|version\\.ts)';
const FS_TYPES = '^src/collectors/fs-types\\.ts$';
const COMPILER_BASE =
  '^src/compiler/(codes|spec|schema|model|conventions|catalog|series|severities|conditions|duration|units|selectors|resolved|humanize|template|promql|simulate|yaml-out|histogram-sample|targets|cooldown-expr)\\.ts$';
const EMITTERS = '^(src/compiler/emit-(rules|tests|operator)\\.ts|src/dashboards/|src/alertmanager/)';
const ORCHESTRATOR = '^src/compiler/(pipeline|stack|views|commands|write)\\.ts$';
const STACK_EMITTERS = '^src/(dashboards|alertmanager)/';

module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      severity: 'error',
      comment: 'Modules that import each other cannot be read, tested or loaded one at a time.',
      from: { path: '^src/' },
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
      to: { path: '^src/(exporter|sections|config|collectors|probes|processes|web|bench)/', pathNot: FS_TYPES },
    },
    {
      name: 'compiler-base-imports-nothing-above',
      severity: 'error',
      comment:
        'model, conventions and catalog are the bottom layer of the compiler: they import only each other (and the shared fs-type list)',
      from: { path: COMPILER_BASE },
      to: { path: '^src/(compiler|dashboards|alertmanager)/', pathNot: COMPILER_BASE },
    },
    {
      name: 'emitters-import-only-base',
      severity: 'error',
      comment: 'an emitter reads the compiled model, never the language, the checker, the watch kinds or the judges',
      from: { path: EMITTERS },
      to: { path: '^src/compiler/', pathNot: [COMPILER_BASE, EMITTERS] },
    },
    {
      name: 'emitters-do-not-know-each-other',
      severity: 'error',
      comment: 'dashboards and Alertmanager are separate emitters',
      from: { path: '^src/dashboards/' },
      to: { path: '^src/alertmanager/' },
    },
    {
      name: 'emitters-do-not-know-each-other-2',
      severity: 'error',
      from: { path: '^src/alertmanager/' },
      to: { path: '^src/dashboards/' },
    },
    {
      name: 'the-builder-does-not-import-the-checker',
      severity: 'error',
      comment: 'watch kinds, judges and the model builder hold their own checks; they never reach into meaning.ts',
      from: { path: '^src/compiler/(watch/|judges/|build\\.ts$)' },
      to: { path: '^src/compiler/meaning\\.ts$' },
    },
    {
      name: 'only-the-orchestrator-knows-the-stack-emitters',
      severity: 'error',
      comment: 'the checker and the builder must not import an emitter',
      from: { path: '^src/compiler/', pathNot: ORCHESTRATOR },
      to: { path: STACK_EMITTERS },
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
