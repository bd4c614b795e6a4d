import type { Readable } from 'node:stream';

/**
 * Reading a request body with the size limit enforced while reading: the declared Content-Length is checked
 * first, then bytes are counted as they arrive and reading stops as soon as the limit is passed.
 */
export type BodyReadResult =
  | { ok: true; body: Uint8Array }
  /** The body is larger than the limit (answer 413). */
  | { ok: false; reason: 'too-large' }
  /** Something else already read the stream (e.g. a body-parser middleware). */
  | { ok: false; reason: 'consumed' }
  /** The client went away or the stream failed; there is nobody to answer. */
  | { ok: false; reason: 'aborted'; error?: unknown };

function declaredTooLarge(contentLength: string | string[] | null | undefined, maxBytes: number): boolean {
  const value = Array.isArray(contentLength) ? contentLength[0] : contentLength;
  if (value === undefined || value === null || !/^\d+$/.test(value.trim())) return false;
  return Number(value.trim()) > maxBytes;
}

/** Reads a Node.js request stream (`http.IncomingMessage`) up to `maxBytes`. Never rejects. */
export function readNodeBody(
  req: Readable & { headers?: Record<string, string | string[] | undefined> },
  maxBytes: number,
): Promise<BodyReadResult> {
  return new Promise((resolve) => {
    if (declaredTooLarge(req.headers?.['content-length'], maxBytes)) {
      resolve({ ok: false, reason: 'too-large' });
      return;
    }
    if (req.readableEnded || req.destroyed) {
      resolve({ ok: false, reason: 'consumed' });
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    let settled = false;
    const settle = (result: BodyReadResult): void => {
      if (settled) return;
      settled = true;
      req.off('data', onData);
      req.off('end', onEnd);
      req.off('error', onError);
      req.off('close', onClose);
      resolve(result);
    };
    const onData = (chunk: Buffer | string): void => {
      const bytes = typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : chunk;
      size += bytes.length;
      // Past the limit: stop keeping bytes. The stream keeps flowing with no listener, so the rest is discarded
      // while the 413 is written; the adapters close the connection afterwards.
      if (size > maxBytes) settle({ ok: false, reason: 'too-large' });
      else chunks.push(bytes);
    };
    // A body that arrived in one chunk (the usual case) is that chunk: the stream is done with it.
    const onEnd = (): void =>
      settle({ ok: true, body: chunks.length === 1 ? (chunks[0] as Buffer) : Buffer.concat(chunks, size) });
    const onError = (error: unknown): void => settle({ ok: false, reason: 'aborted', error });
    const onClose = (): void => settle({ ok: false, reason: 'aborted' });
    req.on('data', onData);
    req.on('end', onEnd);
    req.on('error', onError);
    req.on('close', onClose);
  });
}

/** Reads a Fetch `Request` body up to `maxBytes`, cancelling the stream once the limit is passed. Never rejects. */
export async function readWebBody(request: Request, maxBytes: number): Promise<BodyReadResult> {
  if (declaredTooLarge(request.headers.get('content-length'), maxBytes))
    return { ok: false, reason: 'too-large' };
  if (request.bodyUsed) return { ok: false, reason: 'consumed' };
  if (request.body === null) return { ok: true, body: new Uint8Array(0) };
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      size += value.byteLength;
      if (size > maxBytes) {
        await reader.cancel().catch(() => undefined);
        return { ok: false, reason: 'too-large' };
      }
      chunks.push(value);
    }
  } catch (error) {
    return { ok: false, reason: 'aborted', error };
  }
  const body = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    body.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return { ok: true, body };
}
