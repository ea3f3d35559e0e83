// Lines as YAML counts them: CRLF, a lone CR and LF each end one, and a leading byte order mark
// is not part of the text. Positions, the line a diagnostic quotes and carets all use these.

const BREAK = /\r\n|\r|\n/;

export function withoutBom(text: string): string {
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

/** The lines of a text (without its byte order mark), so that `lines[line - 1]` is the line a position names. */
export function splitLines(text: string): string[] {
  return withoutBom(text).split(BREAK);
}

/** Offsets at which each line of `text` (already without a byte order mark) starts. */
export function computeLineStarts(text: string): number[] {
  const starts = [0];
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 10 || (c === 13 && text.charCodeAt(i + 1) !== 10)) starts.push(i + 1);
  }
  return starts;
}
