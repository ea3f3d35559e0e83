// exec probe: a team's own check (a nightly backup's verifier, a queue or licence script) run
// as a configured command. Its exit status is the verdict; with `metrics: true` its stdout is
// served as metrics under the probe's labels. Nothing of a request reaches the command: the
// argv, directory and environment are the config's, read when it was loaded.
import { runCommand } from './command.js';
import { commandFamilies } from './exec-output.js';
import { fail } from './failure.js';
import type { ExecProbe, Prober } from './types.js';

export const probeExec: Prober<ExecProbe> = async (probe, ctx) => {
  const spec = {
    argv: probe.command,
    env: probe.env,
    ...(probe.cwd !== undefined ? { cwd: probe.cwd } : {}),
    ...(probe.launcher ? { launcher: probe.launcher } : {}),
  };
  const r = await runCommand(spec, ctx.signal);
  // Past the deadline the runner has answered already; this run's metrics are no longer ours to write.
  if (r.end === 'aborted' || ctx.signal.aborted) throw ctx.signal.reason;
  if (r.end === 'spawn_error') fail('exec', r.error);
  ctx.metrics.set('vigil_probe_exec_output_bytes', r.outputBytes);
  if (r.end === 'too_large') {
    ctx.metrics.set('vigil_probe_exec_exit_code', -1);
    fail('output_too_large', `the command wrote more than the bound of stdout (${r.outputBytes} bytes when cut) and was killed`);
  }
  if (r.end === 'signal') {
    ctx.metrics.set('vigil_probe_exec_exit_code', -1);
    fail('signal', `the command was killed by ${r.signal}`);
  }
  ctx.metrics.set('vigil_probe_exec_exit_code', r.code);
  // A failing check may still say why in its metrics (a backup's last good time): they are served either way.
  const out = probe.metrics ? commandFamilies(r.stdout, probe.name, probe.kind) : undefined;
  if (out?.ok) ctx.metrics.reported.push(...out.families);
  if (r.code !== 0) fail('exit_code', `the command exited with status ${r.code}`);
  if (out && !out.ok) fail('invalid_output', out.problem);
};
