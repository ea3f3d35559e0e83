// The text of a response body, for fail_if_body_matches / fail_if_body_not_matches. Regexes
// see one string, so the body is kept as text and nothing else: each chunk is decoded as it
// arrives (a character split across chunks is kept for the next) and its bytes let go, rather
// than keeping every chunk, copying them into one buffer and decoding that: three copies.
// body_size_limit bounds what is held, and MAX_BODY_SIZE_LIMIT bounds body_size_limit.
import { StringDecoder } from 'node:string_decoder';

/**
 * The largest body_size_limit accepted. While a body is matched it is held twice for a moment
 * (the decoded pieces and the one string joined from them): about 128 MB at 64 MiB, 256 MB
 * when the text is outside Latin-1 and V8 stores it as UTF-16. Far from V8's string length
 * limit (about 512 Mi characters), which a 1 GiB body reached with an uncaught
 * ERR_STRING_TOO_LONG after taking 2.2 GB.
 */
export const MAX_BODY_SIZE_LIMIT = 64 * 1024 * 1024;

export class BodyText {
  private readonly decoder = new StringDecoder('utf8');
  private parts: string[] = [];

  push(chunk: Buffer): void {
    const s = this.decoder.write(chunk);
    if (s) this.parts.push(s);
  }

  /** The whole text; the pieces are released. */
  finish(): string {
    this.parts.push(this.decoder.end());
    const text = this.parts.join('');
    this.parts = [];
    return text;
  }
}
