import type { AlertmanagerInput } from '../../src/alertmanager/types.js';

// A notify section as a team would write it: critical pages on-call by e-mail and webhook,
// warnings go to the team's webhook, the database team gets its own mail, info goes nowhere
// loud (the default receiver).
export const input: AlertmanagerInput = {
  notify: {
    defaultReceiver: 'default',
    groupBy: ['alertname', 'instance'],
    groupWait: '30s',
    groupInterval: '5m',
    repeatInterval: '4h',
    receivers: [
      { name: 'default', targets: [{ kind: 'webhook', url: 'http://hooks.example.org/default', sendResolved: true }] },
      {
        name: 'oncall', targets: [
          { kind: 'email', to: ['oncall@example.org'], from: 'vigil@example.org', smarthost: 'mail.example.org:587', requireTls: true, authUsername: 'vigil', authPasswordFile: 'smtp-password', sendResolved: true },
          { kind: 'webhook', url: 'https://pager.example.org/hook', bearerTokenFile: 'pager-token', sendResolved: true },
        ],
      },
      { name: 'team-webhook', targets: [{ kind: 'webhook', url: 'http://chat.example.org/vigil', sendResolved: false }] },
      { name: 'db-mail', targets: [{ kind: 'email', to: ['db@example.org', 'dba@example.org'], from: 'vigil@example.org', smarthost: 'mail.example.org:587', requireTls: true, sendResolved: true }] },
    ],
    routes: [
      { matchers: { team: 'db' }, receiver: 'db-mail', continue: true },
      { matchers: { severity: 'critical' }, receiver: 'oncall', groupWait: '10s' },
      { matchers: { severity: 'warning' }, receiver: 'team-webhook', repeatInterval: '12h' },
    ],
  },
  alerts: [
    { name: 'HostCpuHigh', severities: ['warning', 'critical'], labels: {}, cooldown: '30m', identity: ['instance'] },
    { name: 'HostDiskFull', severities: ['warning', 'critical'], labels: {}, identity: ['instance', 'mountpoint'] },
    { name: 'PostgresDown', severities: ['critical'], labels: { team: 'db' }, cooldown: '1h', identity: ['instance', 'probe'] },
    { name: 'SloBudgetBurn', severities: ['info', 'warning', 'critical'], labels: {}, cooldown: '30m' },
    { name: 'HostRebooted', severities: ['info'], labels: {} },
  ],
};
