// The routing used when no rule file has a `notify` part: everything by e-mail to the stack's
// mail catcher (Mailpit in docker-compose.yml), one mailbox per severity so that routing is
// visible in the demo: the most severe level to oncall, the next to team, the rest to info.
// Replace it with a `notify` part in rules/.
import { DEFAULT_RECEIVERS } from '../compiler/conventions.js';
import { DEFAULT_SEVERITY_ORDER } from '../compiler/severities.js';
import type { NotifySpec } from './types.js';

const mail = (name: string, to: string) => ({
  name,
  targets: [{ kind: 'email' as const, to: [to], from: 'vigil@example.org', smarthost: 'mailpit:1025', requireTls: false, sendResolved: true }],
});

/** The default routing for a rule set's severities (least severe first). */
export function defaultNotify(order: readonly string[] = DEFAULT_SEVERITY_ORDER): NotifySpec {
  const page = order[order.length - 1]!;
  const ticket = order[order.length - 2];
  return {
    defaultReceiver: 'info',
    receivers: DEFAULT_RECEIVERS.map((name) => mail(name, `${name}@example.org`)),
    routes: [
      { matchers: { severity: page }, receiver: 'oncall', groupWait: '10s' },
      ...(ticket !== undefined ? [{ matchers: { severity: ticket }, receiver: 'team' }] : []),
    ],
  };
}

