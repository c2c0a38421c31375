import type { Readable } from 'node:stream';
import type { HttpResponse } from 'uWebSockets.js';

/** Set by `onAborted`: the client went away, write nothing more. */
export interface AbortFlag {
  value: boolean;
  /** Called by the `onAborted` handler that owns the flag, after setting `value`, for work in flight to stop. */
  onAbort?: () => void;
}

/** Registers `onAborted` on `res` and returns the flag it sets (and whose `onAbort` it calls). */
export function abortFlag(res: HttpResponse): AbortFlag {
  const aborted: AbortFlag = { value: false };
  res.onAborted(() => {
    aborted.value = true;
    aborted.onAbort?.();
  });
  return aborted;
}

/**
 * Sends `source` as the body of a response whose status and headers `writeHead` writes, with backpressure: when
 * uWS cannot take a chunk, the source pauses until the socket drains (`onWritable`).
 *
 * With `totalSize` the body has a known length (a file or a range of it: `Content-Length`, `tryEnd`); without it the
 * body is sent chunked (`write`, then `end`), for output whose length is not known in advance (compression).
 * The caller must have registered `onAborted` ({@link abortFlag}); the source is destroyed when the client goes.
 */
export function streamBody(
  res: HttpResponse,
  source: Readable,
  aborted: AbortFlag,
  writeHead: () => void,
  totalSize?: number,
): Promise<void> {
  return new Promise((resolve) => {
    let headWritten = false;
    let finished = false;
    const finish = (): void => {
      if (finished) return;
      finished = true;
      source.destroy();
      resolve();
    };
    const head = (): void => {
      if (!headWritten) {
        headWritten = true;
        writeHead();
      }
    };
    aborted.onAbort = finish;

    source.on('data', (data: Buffer | string) => {
      if (aborted.value) return finish();
      const chunk = typeof data === 'string' ? Buffer.from(data) : data;
      if (totalSize === undefined) {
        let ok = true;
        res.cork(() => {
          head();
          ok = res.write(chunk);
        });
        if (!ok) {
          source.pause();
          res.onWritable(() => {
            source.resume();
            return true;
          });
        }
        return;
      }
      const offset = res.getWriteOffset();
      let ok = false;
      let done = false;
      res.cork(() => {
        head();
        [ok, done] = res.tryEnd(chunk, totalSize);
      });
      if (done) return finish();
      if (ok) return;
      // The socket took part of the chunk: send the rest when it drains, then go on reading.
      source.pause();
      res.onWritable((writeOffset) => {
        if (aborted.value) {
          finish();
          return true;
        }
        let retryOk = false;
        let retryDone = false;
        res.cork(() => {
          [retryOk, retryDone] = res.tryEnd(chunk.subarray(writeOffset - offset), totalSize);
        });
        if (retryDone) finish();
        else if (retryOk) source.resume();
        return retryOk;
      });
    });
    source.on('end', () => {
      if (aborted.value || finished) return finish();
      if (totalSize === undefined)
        res.cork(() => {
          head();
          res.end();
        });
      else if (!headWritten)
        // An empty range or file: nothing was read, so `tryEnd` never ran.
        res.cork(() => {
          head();
          res.end();
        });
      finish();
    });
    source.on('error', () => {
      // Headers may be out already: all that is left is to cut the connection, so the client sees a short body.
      if (!aborted.value && !finished) res.close();
      finish();
    });
  });
}
