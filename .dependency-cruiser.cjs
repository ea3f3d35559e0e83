// The layers of the rule compiler, checked by `npm run lint:deps` (dependency-cruiser):
//   base: the language's types (spec.ts), the model, conventions, catalog and the small pure
//     helpers they stand on; they import nothing else.
//   analysis (schema, load, the checker, watch/, judges/, build, records, ...) imports base.
//   emitters (emit-rules/tests/operator, src/dashboards, src/alertmanager) import only base.
//   orchestrator (pipeline, stack, views, commands, write, index): the only modules that
//   know every emitter.
// Type-only imports count: a cycle through types is a cycle for a reader too.
const BASE = '^src/compiler/(codes|spec|model|conventions|catalog|series|severities|conditions|duration|units|selectors|resolved|humanize|template|promql|simulate|yaml-out)\\.ts$';
const EMITTERS = '^(src/compiler/emit-(rules|tests|operator)\\.ts|src/dashboards/|src/alertmanager/)';
const ORCHESTRATOR = '^src/compiler/(pipeline|stack|views|commands|write|index)\\.ts$';
const STACK_EMITTERS = '^src/(dashboards|alertmanager)/';

module.exports = {
  forbidden: [
    { name: 'no-circular', severity: 'error', comment: 'modules import each other', from: { path: '^src/' }, to: { circular: true } },
    {
      name: 'base-imports-nothing-above', severity: 'error',
      comment: 'model, conventions and catalog are the bottom layer: they import only each other (and the shared fs-type list)',
      from: { path: BASE }, to: { path: '^src/', pathNot: [BASE, '^src/collectors/fs-types\\.ts$'] },
    },
    {
      name: 'emitters-import-only-base', severity: 'error',
      comment: 'an emitter reads the compiled model, never the language, the checker, the watch kinds or the judges',
      from: { path: EMITTERS }, to: { path: '^src/compiler/', pathNot: [BASE, EMITTERS] },
    },
    {
      name: 'emitters-do-not-know-each-other', severity: 'error',
      comment: 'dashboards and Alertmanager are separate emitters',
      from: { path: '^src/dashboards/' }, to: { path: '^src/alertmanager/' },
    },
    {
      name: 'emitters-do-not-know-each-other-2', severity: 'error',
      from: { path: '^src/alertmanager/' }, to: { path: '^src/dashboards/' },
    },
    {
      name: 'the-builder-does-not-import-the-checker', severity: 'error',
      comment: 'watch kinds, judges and the model builder hold their own checks; they never reach into meaning.ts',
      from: { path: '^src/compiler/(watch/|judges/|build\\.ts$)' }, to: { path: '^src/compiler/meaning\\.ts$' },
    },
    {
      name: 'only-the-orchestrator-knows-the-stack-emitters', severity: 'error',
      comment: 'the checker and the builder must not import an emitter',
      from: { path: '^src/compiler/', pathNot: ORCHESTRATOR }, to: { path: STACK_EMITTERS },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    exclude: { path: '^src/(bench|cli|config|exporter|probes|processes|web|metrics|regex|yaml|log)' },
  },
};
