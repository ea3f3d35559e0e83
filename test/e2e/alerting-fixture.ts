// The rule file the end-to-end alerting test compiles, written in vigil's rule language like
// the files in rules/: probe alerts on the test's web server, the health status, and routing
// to the test's webhook and SMTP sinks. Timings are short so the whole chain runs in seconds.

export const FOR_SECONDS = 3;
/** The alert's cooldown: it keeps firing this long after the condition clears. */
export const COOLDOWN_SECONDS = 2;
export const DASHBOARD_URL = 'http://grafana.example:3000';

export function ruleFile(webhookUrl: string, smtpPort: number): string {
  return `version: 1
title: End to end
scrape_interval: 1s
health: { selector: { job: vigil } }
notify:
  default_receiver: default
  group_by: [alertname, instance]
  group_wait: 1s
  group_interval: 1s
  repeat_interval: 1h
  receivers:
    - name: default
      webhook: { url: "${webhookUrl}/default" }
    - name: oncall
      webhook: { url: "${webhookUrl}/oncall", bearer_token_file: webhook-token }
      email:
        to: oncall@example.org
        from: vigil@example.org
        smarthost: "127.0.0.1:${smtpPort}"
        require_tls: false
        auth_username: vigil
        auth_password_file: smtp-password
    - name: team
      webhook: { url: "${webhookUrl}/team" }
  routes:
    - match: { severity: critical }
      receiver: oncall
    - match: { severity: warning, team: web }
      receiver: team
groups:
  - name: e2e
    defaults:
      selector: { job: vigil, probe: web }
      for: ${FOR_SECONDS}s
      labels: { team: web }
      dashboard_url: ${DASHBOARD_URL}
    alerts:
      - alert: ProbeFailing
        probe: failing
        severity: critical
        cooldown: ${COOLDOWN_SECONDS}s
      - alert: ProbeSlow
        probe: slow
        above: 5
        severity: warning
`;
}
