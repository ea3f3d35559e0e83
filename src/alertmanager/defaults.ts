// The routing used when no rule file has a `notify` part: everything by e-mail to the stack's
// mail catcher (Mailpit in docker-compose.yml), one mailbox per severity so that routing is
// visible in the demo. Replace it with a `notify` part in rules/.
import type { NotifySpec } from './types.js';

const mail = (name: string, to: string) => ({
  name,
  targets: [{ kind: 'email' as const, to: [to], from: 'vigil@example.org', smarthost: 'mailpit:1025', requireTls: false, sendResolved: true }],
});

export const DEFAULT_NOTIFY: NotifySpec = {
  defaultReceiver: 'info',
  receivers: [mail('oncall', 'oncall@example.org'), mail('team', 'team@example.org'), mail('info', 'info@example.org')],
  routes: [
    { matchers: { severity: 'critical' }, receiver: 'oncall', groupWait: '10s' },
    { matchers: { severity: 'warning' }, receiver: 'team' },
  ],
};
