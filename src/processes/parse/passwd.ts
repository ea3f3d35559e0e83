// /etc/passwd under the root filesystem: "name:password:uid:gid:gecos:home:shell". The first
// line for a uid wins, as getpwuid(3) answers with the first match.

export function parsePasswd(text: string): Map<number, string> {
  const users = new Map<number, string>();
  for (const l of text.split('\n')) {
    if (!l || l.startsWith('#')) continue;
    const f = l.split(':');
    if (f.length < 3 || !f[0]) continue;
    const uid = Number(f[2]);
    if (Number.isInteger(uid) && !users.has(uid)) users.set(uid, f[0]);
  }
  return users;
}
