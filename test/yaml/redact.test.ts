// The line masking diagnostics apply when they quote a line: what is masked, what is not,
// and that the caret keeps pointing at the same thing.
import { describe, expect, it } from 'vitest';
import { MASK, redactLine } from '../../src/yaml/redact.js';

const masked = (line: string, known: number[] = []) => redactLine(line, known).text;

describe('redactLine', () => {
  it('masks the values of credential-named keys, block or flow, plain or quoted, and stops at a comment', () => {
    expect(masked('      Authorization: Bearer abc def')).toBe(`      Authorization: ${MASK}`);
    expect(masked('  X-Session: sess999   # from the browser')).toBe(`  X-Session: ${MASK}   # from the browser`);
    expect(masked('  "Private-Key": \'pk: zzz\'')).toBe(`  "Private-Key": ${MASK}`);
    expect(masked('  - {name: r, password: "a,b}c", tls: true}')).toBe(`  - {name: r, password: ${MASK}, tls: true}`);
    expect(masked('headers: {X-Api-Key: k1, Accept: text/plain}')).toBe(`headers: {X-Api-Key: ${MASK}, Accept: text/plain}`);
  });

  it('masks a *_env value that is no variable name, and keeps a real name', () => {
    expect(masked('basic_auth: {username: u, password_env: "Hunter2!"}')).toBe(`basic_auth: {username: u, password_env: ${MASK}}`);
    expect(masked('    password_env: hunter2')).toBe(`    password_env: ${MASK}`);
    expect(masked('    password_env: API_PASSWORD')).toBe('    password_env: API_PASSWORD');
    expect(masked('    X-Token: {value_env: "tok 123"}')).toBe(`    X-Token: {value_env: ${MASK}}`);
  });

  it('masks a URL password or lone userinfo token, and credential-named query values', () => {
    expect(masked('url: http://bob:s3cr3t@host:1/?access_token=tok&x=1')).toBe(`url: http://bob:${MASK}@host:1/?access_token=${MASK}&x=1`);
    expect(masked("url: 'https://ghp_abc@example.com/'")).toBe(`url: 'https://${MASK}@example.com/'`);
    expect(masked('url: https://example.com/a?api_key=1&page=2&sig=3')).toBe(
      `url: https://example.com/a?api_key=${MASK}&page=2&sig=${MASK}`,
    );
  });

  it('leaves alone what only names a credential or says how to use it', () => {
    for (const line of [
      '    key_file: /etc/vigil/client.key',
      '  client_auth_type: RequireAndVerifyClientCert',
      '    bearer_token_file: /run/secrets/token',
      '    basic_auth:',
      '      username: probe',
      '  auth_username: alerts',
      '    url: https://api.example.com/healthz?verbose=1',
      '    fail_if_body_matches: ["token expired"]',
    ])
      expect(masked(line)).toBe(line);
  });

  it('masks values the caller knows to be secret, from their column', () => {
    expect(masked('  alice: plaintext pw   # oops', [10])).toBe(`  alice: ${MASK}   # oops`);
    expect(masked('basic_auth_users: {alice: pw1, bob: pw2}', [27, 37])).toBe(`basic_auth_users: {alice: ${MASK}, bob: ${MASK}}`);
  });

  it('moves a column with the text: before, inside and after a mask', () => {
    const line = '  - {password: averyveryverylongsecret, tls: maybe}';
    const r = redactLine(line);
    const at = (token: string) => line.indexOf(token) + 1;
    const atMasked = (token: string) => r.text.indexOf(token) + 1;
    expect(r.column(at('password'))).toBe(atMasked('password'));
    expect(r.column(at('averyvery'))).toBe(atMasked(MASK));
    expect(r.column(at('long'))).toBe(atMasked(MASK));
    expect(r.column(at('tls'))).toBe(atMasked('tls'));
    expect(r.column(at('maybe'))).toBe(atMasked('maybe'));
  });

  it('takes linear time on megabyte lines built to make a pattern backtrack', () => {
    const MiB = 1024 * 1024;
    const hostile = [
      'x'.repeat(MiB),
      ' a'.repeat(MiB / 2),
      'a-'.repeat(MiB / 2),
      '?a'.repeat(MiB / 2),
      '&a=b'.repeat(MiB / 4),
      'password: '.repeat(MiB / 10),
      ' "a'.repeat(MiB / 3),
      '{a: b, '.repeat(MiB / 7),
      `url: http://${'u'.repeat(MiB)}`,
    ];
    const started = performance.now();
    for (const line of hostile) redactLine(line, [1]);
    // About 0.1 s here; a quadratic pattern would take hours. Generous for a loaded machine.
    expect(performance.now() - started).toBeLessThan(5000);
    expect(redactLine('password: '.repeat(1000)).text).toBe(`password: ${MASK} `);
  });
});
