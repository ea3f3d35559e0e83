// The Alertmanager emitter: `vigil compile` calls emitAlertmanager and writes ALERTMANAGER_PATH.
export { defaultNotify } from './defaults.js';
export { ALERTMANAGER_PATH, alertmanagerConfig, renderAlertmanager as emitAlertmanager } from './emit.js';
export { NotifyError } from './receivers.js';
export type * from './types.js';
