// Receivers in Alertmanager's own shape. Secrets never appear inline: passwords, tokens and
// secret URLs are read by Alertmanager from files under the secrets directory.
import { posix } from 'node:path';
import type { RuleCode } from '../compiler/codes.js';
import { SECRET_FILE_RULE, secretFileBase } from '../compiler/conventions.js';
import type { EmailTarget, ReceiverSpec, WebhookTarget } from './types.js';

export class NotifyError extends Error {
  constructor(readonly code: RuleCode, message: string, readonly hint?: string) {
    super(hint ? `${message} (${hint})` : message);
    this.name = 'NotifyError';
  }
}

/** A secret file named in the rules, resolved into the directory Alertmanager reads. */
export function secretPath(name: string, secretsDir: string): string {
  const base = secretFileBase(name);
  if (base === undefined) throw new NotifyError(SECRET_FILE_RULE.code, SECRET_FILE_RULE.message(name), SECRET_FILE_RULE.hint);
  return posix.join(secretsDir, base);
}

/** Rejects URLs that would put a credential in the committed file. */
export function checkInlineUrl(url: string, receiver: string): string {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    throw new NotifyError('notify.webhook-url', `receiver "${receiver}": "${url}" is not a URL`);
  }
  if (u.protocol !== 'http:' && u.protocol !== 'https:') {
    throw new NotifyError('notify.webhook-url', `receiver "${receiver}": webhook URL must be http or https`);
  }
  if (u.username || u.password || u.search) {
    throw new NotifyError('notify.inline-secret', `receiver "${receiver}": the webhook URL carries credentials or a query string`,
      'put the URL in a file under prometheus/secrets/ and use url_file, or a token with bearer_token_file');
  }
  return url;
}

function email(t: EmailTarget, secretsDir: string): Record<string, unknown> {
  const out: Record<string, unknown> = {
    to: t.to.join(', '),
    from: t.from,
    smarthost: t.smarthost,
    require_tls: t.requireTls,
  };
  if (t.authUsername !== undefined) out['auth_username'] = t.authUsername;
  if (t.authPasswordFile !== undefined) out['auth_password_file'] = secretPath(t.authPasswordFile, secretsDir);
  if (t.insecureSkipVerify) out['tls_config'] = { insecure_skip_verify: true };
  out['send_resolved'] = t.sendResolved;
  return out;
}

function webhook(t: WebhookTarget, receiver: string, secretsDir: string): Record<string, unknown> {
  if ((t.url === undefined) === (t.urlFile === undefined)) {
    throw new NotifyError('notify.webhook-url', `receiver "${receiver}": a webhook needs exactly one of url and url_file`);
  }
  const out: Record<string, unknown> = t.url !== undefined
    ? { url: checkInlineUrl(t.url, receiver) }
    : { url_file: secretPath(t.urlFile!, secretsDir) };
  if (t.bearerTokenFile !== undefined) {
    out['http_config'] = { authorization: { type: 'Bearer', credentials_file: secretPath(t.bearerTokenFile, secretsDir) } };
  }
  if (t.maxAlerts !== undefined) out['max_alerts'] = t.maxAlerts;
  out['send_resolved'] = t.sendResolved;
  return out;
}

export function receiverConfig(r: ReceiverSpec, secretsDir: string): Record<string, unknown> {
  const out: Record<string, unknown> = { name: r.name };
  const emails = r.targets.filter((t): t is EmailTarget => t.kind === 'email');
  const hooks = r.targets.filter((t): t is WebhookTarget => t.kind === 'webhook');
  if (emails.length) out['email_configs'] = emails.map((t) => email(t, secretsDir));
  if (hooks.length) out['webhook_configs'] = hooks.map((t) => webhook(t, r.name, secretsDir));
  return out;
}
