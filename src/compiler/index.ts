// The rule compiler's public surface; the stages live in their own files.
export { analyze, compile, type CompileResult, type OutputFormat } from './pipeline.js';
export { compileCommand, checkCommand, testCommand, readRules } from './commands.js';
export {
  alertmanagerView,
  ruleFileViews,
  healthMetric,
  alertView,
  type AlertView,
  type RuleFileView,
  type AlertmanagerView,
} from './views.js';
export * as conventions from './conventions.js';
export { rulesSchema } from './schema.js';
export type { RuleFileModel, AlertModel, LevelModel, Condition } from './model.js';
