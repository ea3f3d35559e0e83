// The one rule for which names carry credentials: a header, a config key or a URL query
// parameter named like this holds a secret. The probe loader refuses such values written
// inline, the HTTP probe keeps such headers on the configured origin, and diagnostics mask
// such values when they quote a line.

// Exact names, then fragments: `X-Api-Key`, `X-Session`, `Private-Key`, `access_token`,
// `X-Amz-Signature`, Azure's `sig` and the like. A bare `key` or `sig` counts only as a
// whole word, so that `keep-alive`, `monkey` or `signal` do not.
const CREDENTIAL_NAME =
  /^(authorization|proxy-authorization|cookie|set-cookie)$|auth|token|secret|passw|passphrase|pwd|api[-_]?key|session|private|credential|signature|jwt|csrf|xsrf|(^|[-_.])(key|sig)($|[-_.])/i;

/** Whether a header, key or query parameter of this name holds a credential. */
export function isCredentialName(name: string): boolean {
  return CREDENTIAL_NAME.test(name);
}

// Conventional environment variable names (API_TOKEN, PGPASSWORD). Anything else written
// where a variable's name is wanted may well be the secret itself.
const ENV_NAME = /^[A-Z_][A-Z0-9_]*$/;

/** Whether a value given as a `*_env` field looks like a variable's name rather than a secret. */
export function looksLikeEnvName(value: string): boolean {
  return ENV_NAME.test(value);
}
