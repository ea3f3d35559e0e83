import { describe, expect, it } from 'vitest';
import { knownGroupNames } from '../../src/processes/known-groups.js';
import { compileMatchers, goBase, matchProcess, type ProcessAttributes } from '../../src/processes/matcher.js';

const proc = (comm: string, cmdline: string[], user = 'root'): ProcessAttributes => ({ comm, cmdline, pid: 7, username: () => user });

function compile(entries: unknown[]) {
  const r = compileMatchers(entries);
  expect(r.problems).toEqual([]);
  return r.matchers;
}

describe('matching processes to groups, as process-exporter does', () => {
  const cases: { name: string; entries: unknown[]; p: ProcessAttributes; group: string | undefined }[] = [
    {
      name: 'any one of the comm names is enough',
      entries: [{ name: '{{.Comm}}', comm: ['nginx', 'httpd'] }],
      p: proc('httpd', ['/usr/sbin/httpd']),
      group: 'httpd',
    },
    {
      name: 'a comm name must match exactly, not as a prefix',
      entries: [{ comm: ['nginx'] }],
      p: proc('nginx-debug', ['nginx-debug']),
      group: undefined,
    },
    {
      name: 'an exe base name matches argv[0] in any directory',
      entries: [{ name: 'pg', exe: ['postgres'] }],
      p: proc('postgres', ['/usr/lib/postgresql/15/bin/postgres', '-D', 'x']),
      group: 'pg',
    },
    {
      name: 'an exe with a slash must equal argv[0] exactly',
      entries: [{ name: 'pg', exe: ['/usr/bin/postgres'] }],
      p: proc('postgres', ['/opt/bin/postgres']),
      group: undefined,
    },
    {
      name: 'a process without arguments never matches an exe selector',
      entries: [{ exe: ['kthreadd'] }],
      p: proc('kthreadd', []),
      group: undefined,
    },
    {
      name: 'every cmdline regex must match',
      entries: [{ name: 'x', cmdline: ['java', '-Xmx'] }],
      p: proc('java', ['java', '-cp', 'a.jar']),
      group: undefined,
    },
    {
      name: 'cmdline regexes see the arguments joined with spaces',
      entries: [{ name: 'x', cmdline: ['-cp a\\.jar'] }],
      p: proc('java', ['java', '-cp', 'a.jar']),
      group: 'x',
    },
    {
      name: 'named captures from all regexes of the entry fill the name',
      entries: [{ name: '{{.Matches.lang}}-{{.Matches.svc}}', cmdline: ['^(?P<lang>\\w+) ', '--svc=(?P<svc>\\w+)'] }],
      p: proc('python3', ['python3', 'app.py', '--svc=billing']),
      group: 'python3-billing',
    },
    {
      name: 'all selectors of an entry must match',
      entries: [{ name: 'x', comm: ['java'], cmdline: ['kafka'] }],
      p: proc('java', ['java', 'zookeeper']),
      group: undefined,
    },
    {
      name: 'the first matching entry wins',
      entries: [
        { name: 'first', comm: ['sleep'] },
        { name: 'second', cmdline: ['.+'] },
      ],
      p: proc('sleep', ['sleep', '9']),
      group: 'first',
    },
    {
      name: 'later entries are tried when earlier ones do not match',
      entries: [
        { name: 'first', comm: ['nginx'] },
        { name: '{{.Comm}}', cmdline: ['.+'] },
      ],
      p: proc('sleep', ['sleep', '9']),
      group: 'sleep',
    },
    {
      name: 'a name defaults to {{.ExeBase}}, the base name of argv[0]',
      entries: [{ cmdline: ['.+'] }],
      p: proc('node', ['/usr/bin/node', 'x.js']),
      group: 'node',
    },
    {
      name: '{{.ExeBase}} falls back to the command name without arguments',
      entries: [{ name: '{{.ExeBase}}', comm: ['kworker'] }],
      p: proc('kworker', []),
      group: 'kworker',
    },
    {
      name: '{{.Username}} names the group after the process owner',
      entries: [{ name: '{{.Comm}}@{{.Username}}', comm: ['bash'] }],
      p: proc('bash', ['-bash'], 'alice'),
      group: 'bash@alice',
    },
    {
      name: 'a kernel thread with an empty cmdline does not match ".+"',
      entries: [{ cmdline: ['.+'] }],
      p: proc('kthreadd', []),
      group: undefined,
    },
  ];
  for (const c of cases) it(c.name, () => expect(matchProcess(compile(c.entries), c.p)).toBe(c.group));

  it('computes base names the way Go filepath.Base does', () => {
    expect([goBase('/usr/bin/x'), goBase('/usr/bin/'), goBase(''), goBase('///'), goBase('nginx: worker')]).toEqual([
      'x',
      'bin',
      '.',
      '/',
      'nginx: worker',
    ]);
  });
});

describe('configuration problems', () => {
  const cases: { name: string; entries: unknown[]; code: string; path: (string | number)[] }[] = [
    { name: 'an entry without any selector is refused', entries: [{ name: 'x' }], code: 'process-no-selector', path: ['process_names', 0] },
    {
      name: 'a regex that does not compile is refused at its index',
      entries: [{ cmdline: ['ok', 'bad('] }],
      code: 'process-bad-regex',
      path: ['process_names', 0, 'cmdline', 1],
    },
    {
      name: 'an unknown template field is refused',
      entries: [{ name: '{{.Command}}', comm: ['x'] }],
      code: 'process-bad-template',
      path: ['process_names', 0, 'name'],
    },
    {
      name: 'a capture the regexes do not define is refused',
      entries: [{ name: '{{.Matches.svc}}', cmdline: ['(?P<service>\\w+)'] }],
      code: 'process-bad-template',
      path: ['process_names', 0, 'name'],
    },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const { problems } = compileMatchers(c.entries);
      expect(problems.map((p) => [p.code, p.path])).toEqual([[c.code, c.path]]);
    });
  }
});

describe('groups known before any process is seen', () => {
  const cases: [string, unknown[], string[]][] = [
    ['a literal name is known', [{ name: 'web', cmdline: ['nginx'] }], ['web']],
    ['{{.Comm}} is known when the entry lists comm names', [{ name: '{{.Comm}}', comm: ['nginx', 'httpd'] }], ['nginx', 'httpd']],
    ['{{.ExeBase}} is known when the entry lists exes', [{ exe: ['/usr/bin/postgres', 'redis-server'] }], ['postgres', 'redis-server']],
    ['{{.ExeFull}} is known only when every exe is a full path', [{ name: '{{.ExeFull}}', exe: ['/a/x', 'y'] }], []],
    ['{{.Comm}} from a cmdline-only entry is not known', [{ name: '{{.Comm}}', cmdline: ['.+'] }], []],
    [
      'captures and user names are never known',
      [
        { name: '{{.Matches.s}}', cmdline: ['(?P<s>x)'] },
        { name: '{{.Username}}', comm: ['a'] },
      ],
      [],
    ],
  ];
  for (const [name, entries, want] of cases) it(name, () => expect(knownGroupNames(compile(entries))).toEqual(want));
});

describe('cmdline selectors run on RE2', () => {
  it('the README selector against a 480 KB command line any user can start answers at once', () => {
    // A backtracker retries `.*` from every "python3 ": quadratic, minutes for this argv.
    const [m] = compile([{ name: '{{.Matches.svc}}', cmdline: ['python3 .*app\\.py --svc=(?P<svc>\\w+)'] }]);
    const hostile = proc('python3', ['python3', ...Array.from({ length: 32_000 }, () => 'app.py python3')]);
    const started = Date.now();
    expect(matchProcess([m!], hostile)).toBeUndefined();
    expect(matchProcess([m!], proc('python3', ['python3', '/srv/app.py', '--svc=billing', 'x'.repeat(480_000)]))).toBe('billing');
    expect(Date.now() - started).toBeLessThan(5000);
  });

  it('takes Go syntax JavaScript lacks: \\pL classes and inline flags mid-pattern', () => {
    const ms = compile([{ name: 'x', cmdline: ['^\\pL+ (?i)WORKER$'] }]);
    expect(matchProcess(ms, proc('daemon', ['démon', 'worker']))).toBe('x');
  });
});
