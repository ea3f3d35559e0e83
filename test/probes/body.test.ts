// Body matching: the body is held once as text, up to body_size_limit, whose largest accepted
// value is what can be held; a character split across reads still matches.
import type { Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_BODY_SIZE_LIMIT } from '../../src/probes/body.js';
import { httpServer, run, type Listening } from './support.js';
import { configErrors } from '../support/config-errors.js';

const diagnostics = configErrors;

const probeWithLimit = (limit: number) =>
  `probes:\n  - name: big\n    kind: http\n    url: http://127.0.0.1:1/\n    body_size_limit: ${limit}\n    fail_if_body_not_matches: ['END$']\n`;

describe('body_size_limit', () => {
  it('is at most 64 MiB: the old maximum of 1 GiB, which could not be held as a string, is refused with its position', () => {
    expect(MAX_BODY_SIZE_LIMIT).toBe(64 * 1024 * 1024);
    const ds = diagnostics(probeWithLimit(1024 * 1024 * 1024));
    expect(ds).toHaveLength(1);
    expect([ds[0]!.code, ds[0]!.line, ds[0]!.column]).toEqual(['config-schema', 5, 22]);
    expect(ds[0]!.message).toContain('body_size_limit');
    expect(ds[0]!.message).toContain(String(MAX_BODY_SIZE_LIMIT));
    expect(diagnostics(probeWithLimit(MAX_BODY_SIZE_LIMIT + 1))).toHaveLength(1);
    expect(diagnostics(probeWithLimit(MAX_BODY_SIZE_LIMIT))).toEqual([]);
  });
});

describe('body matching against a real server', () => {
  let server: Listening<Server>;
  beforeAll(async () => {
    server = await httpServer((req, res) => {
      if (req.url === '/split') {
        // "é" is two bytes in UTF-8; each write sends one of them.
        const e = Buffer.from('é');
        res.write(Buffer.from('caf'));
        res.write(e.subarray(0, 1));
        setTimeout(() => res.end(Buffer.concat([e.subarray(1), Buffer.from(' ok')])), 20);
        return;
      }
      const size = Number(/^\/size\/(\d+)$/.exec(req.url ?? '')?.[1] ?? 0);
      // A body of exactly `size` bytes whose only "END" is its last three, sent in 1 MiB writes.
      const piece = Buffer.alloc(1024 * 1024, 'a');
      let left = size - 3;
      const pump = () => {
        while (left > 0) {
          const n = Math.min(left, piece.length);
          left -= n;
          if (!res.write(n === piece.length ? piece : piece.subarray(0, n))) {
            res.once('drain', pump);
            return;
          }
        }
        res.end('END');
      };
      pump();
    });
  });
  afterAll(async () => {
    await server.close();
  });

  it('matches a body of exactly the largest limit, and fails one byte more with reason body', async () => {
    const at = await run(
      {
        kind: 'http',
        url: `${server.url}/size/${MAX_BODY_SIZE_LIMIT}`,
        body_size_limit: MAX_BODY_SIZE_LIMIT,
        fail_if_body_not_matches: ['END$'],
      },
      20_000,
    );
    expect(at.error).toBeUndefined();
    expect(at.success).toBe(1);
    expect(at.value('probe_http_uncompressed_body_length')).toBe(MAX_BODY_SIZE_LIMIT);
    const over = await run(
      {
        kind: 'http',
        url: `${server.url}/size/${MAX_BODY_SIZE_LIMIT + 1}`,
        body_size_limit: MAX_BODY_SIZE_LIMIT,
        fail_if_body_matches: ['never'],
      },
      20_000,
    );
    expect([over.success, over.reason]).toEqual([0, 'body']);
  }, 30_000);

  it('decodes a character split across two reads', async () => {
    const o = await run({ kind: 'http', url: `${server.url}/split`, fail_if_body_not_matches: ['^café ok$'] });
    expect(o.error).toBeUndefined();
    expect(o.success).toBe(1);
  });
});
