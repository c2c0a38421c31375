import { SseReader } from '@parley/protocol';

/** One event of a `text/event-stream`: its name (`message` when none is given) and its data, parsed as JSON. */
export interface StreamEvent {
  event: string;
  data: unknown;
}

/**
 * The events of a `text/event-stream` body as they arrive (read by the protocol's `SseReader`, as the relay reads a
 * provider's), each one's data parsed as JSON; an event whose data is not JSON is skipped. Aborting `signal` cancels
 * the body and ends the loop.
 */
export async function* readEvents(body: ReadableStream<Uint8Array>, signal: AbortSignal): AsyncGenerator<StreamEvent> {
  const reader = body.getReader();
  const cancel = (): void => void reader.cancel().catch(() => undefined);
  signal.addEventListener('abort', cancel, { once: true });
  const decoder = new TextDecoder();
  const events = new SseReader();
  try {
    while (!signal.aborted) {
      const { done, value } = await reader.read();
      if (done || signal.aborted) break;
      for (const event of events.push(decoder.decode(value, { stream: true }))) {
        const parsed = parse(event.data);
        if (parsed !== undefined) yield { event: event.event, data: parsed };
        if (signal.aborted) return;
      }
    }
  } finally {
    signal.removeEventListener('abort', cancel);
    cancel();
  }
}

function parse(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}
