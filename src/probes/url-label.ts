// A URL as it may appear in a label or a page: scheme, host, port and path only. Userinfo
// and query strings are where people put passwords and tokens, and fragments never reach
// the server anyway.

export function urlLabel(input: string | URL): string {
  let u: URL;
  try {
    u = new URL(String(input));
  } catch {
    // Not a URL: say so rather than echo something that might hold a secret.
    return 'invalid-url';
  }
  return `${u.protocol}//${u.host}${u.pathname}`;
}
