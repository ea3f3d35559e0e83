// /proc/<pid>/io: read_bytes and write_bytes are what reached the storage layer, the pair
// process-exporter reports (rchar/wchar also count reads served from the page cache).
import { line } from './status.js';

export interface ProcIo {
  readBytes: number;
  writeBytes: number;
}

export function parseIo(text: string): ProcIo {
  return {
    readBytes: Number(line(text, 'read_bytes:') ?? 0),
    writeBytes: Number(line(text, 'write_bytes:') ?? 0),
  };
}
