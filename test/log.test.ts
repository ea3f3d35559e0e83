import { describe, expect, it } from 'vitest';
import { createLogger } from '../src/log.js';

const at = new Date('2026-12-01T12:00:00.123Z');

function capture(format: 'logfmt' | 'json', level: 'debug' | 'info' | 'warn' | 'error' = 'info') {
  const lines: string[] = [];
  return { lines, log: createLogger({ format, level, write: (l) => lines.push(l), now: () => at }) };
}

describe('log lines', () => {
  it('are logfmt with time, level, msg and fields, quoting only what needs it', () => {
    const { lines, log } = capture('logfmt');
    log.info('vigil listening', { address: 'http://127.0.0.1:9469', config: 'vigil.yml' });
    log.error('reload failed, keeping the running configuration', {
      err: 'vigil.yml:2:8: error "x"\n  cpu: yes',
      empty: '',
      skipped: undefined,
      n: 3,
    });
    expect(lines).toEqual([
      'time=2026-12-01T12:00:00.123Z level=info msg="vigil listening" address=http://127.0.0.1:9469 config=vigil.yml',
      'time=2026-12-01T12:00:00.123Z level=error msg="reload failed, keeping the running configuration" err="vigil.yml:2:8: error \\"x\\"\\n  cpu: yes" empty="" n=3',
    ]);
  });

  it('are one JSON object a line with --log.format=json, and a field cannot overwrite time, level or msg', () => {
    const { lines, log } = capture('json');
    log.warn('collector failed', { collector: 'cpu', err: 'boom', level: 'debug', n: 2, ok: false });
    expect(lines).toHaveLength(1);
    expect(JSON.parse(lines[0]!)).toEqual({
      time: '2026-12-01T12:00:00.123Z',
      level: 'warn',
      msg: 'collector failed',
      collector: 'cpu',
      err: 'boom',
      n: 2,
      ok: false,
    });
  });

  it('below --log.level are dropped', () => {
    const { lines, log } = capture('logfmt', 'warn');
    log.debug('d');
    log.info('i');
    log.warn('w');
    log.error('e');
    expect(lines.map((l) => /level=(\w+)/.exec(l)?.[1])).toEqual(['warn', 'error']);
    const debug = capture('logfmt', 'debug');
    debug.log.debug('d');
    expect(debug.lines).toEqual(['time=2026-12-01T12:00:00.123Z level=debug msg=d']);
  });
});
