/** The longest line of an event stream (characters): a chunk of text is a few dozen; 64 KiB is generous. */
export const MAX_SSE_LINE = 64 * 1024;

/** One Server-Sent Event: its `event:` name (`message` when none) and its `data:` lines joined. */
export interface SseEvent {
  readonly event: string;
  readonly data: string;
}

/** A stream broke the bounds or the format (a line too long): the call fails, nothing more is read. */
export class SseError extends Error {
  override name = 'SseError';
}

/**
 * Reads Server-Sent Events (the WHATWG `text/event-stream` format: what the AI providers stream to the relay, and
 * what the relay streams to the inbox for a draft) from text as it arrives, a piece at a time:
 * only the current line is held, never the whole stream, and a line longer than {@link MAX_SSE_LINE} fails it
 * before it grows further. Comments (`: …`) and fields other than `event` and `data` are skipped.
 */
export class SseReader {
  #partial = '';
  #event = '';
  #data: string[] = [];
  #dataLength = 0;

  /** The events completed by `text` (the next piece of the stream, decoded). */
  push(text: string): SseEvent[] {
    const events: SseEvent[] = [];
    let start = 0;
    for (;;) {
      const newline = text.indexOf('\n', start);
      if (newline === -1) break;
      let line = this.#partial + text.slice(start, newline);
      this.#partial = '';
      if (line.endsWith('\r')) line = line.slice(0, -1);
      if (line.length > MAX_SSE_LINE) throw new SseError(`an event line longer than ${MAX_SSE_LINE} characters`);
      const event = this.#line(line);
      if (event) events.push(event);
      start = newline + 1;
    }
    this.#partial += text.slice(start);
    if (this.#partial.length > MAX_SSE_LINE) throw new SseError(`an event line longer than ${MAX_SSE_LINE} characters`);
    return events;
  }

  #line(line: string): SseEvent | undefined {
    if (line === '') {
      if (this.#data.length === 0) {
        this.#event = '';
        return undefined;
      }
      const event = { event: this.#event || 'message', data: this.#data.join('\n') };
      this.#event = '';
      this.#data = [];
      this.#dataLength = 0;
      return event;
    }
    if (line.startsWith(':')) return undefined;
    const colon = line.indexOf(':');
    const field = colon === -1 ? line : line.slice(0, colon);
    let value = colon === -1 ? '' : line.slice(colon + 1);
    if (value.startsWith(' ')) value = value.slice(1);
    if (field === 'event') this.#event = value;
    else if (field === 'data') {
      this.#dataLength += value.length;
      if (this.#dataLength > MAX_SSE_LINE) throw new SseError(`an event longer than ${MAX_SSE_LINE} characters`);
      this.#data.push(value);
    }
    return undefined;
  }
}
