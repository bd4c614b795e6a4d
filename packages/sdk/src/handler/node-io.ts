import type { IncomingMessage, ServerResponse } from 'node:http';
import { readNodeBody } from './read-body';
import type { HandlerResponse } from './respond';
import type { ProductionHandler } from './types';

/** Internal: the node:http plumbing shared by the node and express adapters. */

/**
 * Writes a handler answer: header names keep their case (`Body-Sign`), the body is sent as the signed bytes. Head
 * and body go out in one write: `writeHead` with every header, then `end(string)`, which Node joins with the head
 * (a Buffer body would be sent as a second chunk). Headers set earlier by other middleware are kept (ours win).
 */
export function writeNodeResponse(res: ServerResponse, answer: HandlerResponse): void {
  if (res.headersSent || res.writableEnded) return;
  res.writeHead(answer.status, withContentLength(answer.headers, answer.body));
  res.end(answer.body, 'utf8');
}

/** The answer headers plus `Content-Length` (bytes of the UTF-8 body). */
function withContentLength(headers: Record<string, string>, body: string): Record<string, string> {
  return { ...headers, 'Content-Length': String(Buffer.byteLength(body, 'utf8')) };
}

/** After an early 413: bytes of the rest of the body discarded, and for how long, before the socket is closed. */
const DRAIN_MAX_BYTES = 16 * 1024 * 1024;
const DRAIN_MAX_MS = 10_000;

/**
 * Lets the client finish sending the oversized body (discarding it) so it can read the 413 instead of a
 * connection reset, but never more than {@link DRAIN_MAX_BYTES} or {@link DRAIN_MAX_MS}: past either, the socket is
 * destroyed.
 */
function drainThenClose(req: IncomingMessage): void {
  if (req.readableEnded || req.destroyed) return;
  let drained = 0;
  const stop = (): void => {
    clearTimeout(timer);
    req.off('data', onData);
    req.off('end', stop);
    req.off('close', stop);
  };
  const kill = (): void => {
    stop();
    req.socket?.destroy();
  };
  const onData = (chunk: Buffer | string): void => {
    drained += chunk.length;
    if (drained > DRAIN_MAX_BYTES) kill();
  };
  const timer = setTimeout(kill, DRAIN_MAX_MS);
  timer.unref?.();
  req.on('data', onData);
  req.on('end', stop);
  req.on('close', stop);
  req.resume();
}

/** True when something already read the request stream (a body parser). */
export function isBodyConsumed(req: IncomingMessage): boolean {
  return req.readableEnded || (req.complete && !req.readable);
}

/** Message for a request whose body was consumed before the handler could read the raw bytes. */
export const CONSUMED_BODY_MESSAGE =
  'koogallery-kit: the request body was already read by another middleware (e.g. express.json()), so the raw ' +
  'bytes the signature covers are gone. Mount the KooGallery handler before any body parser, or exclude its path ' +
  "from the parser: app.use('/produce', createExpressMiddleware(handler)); app.use(express.json());";

/** Sends a plain 500 for a misconfigured server (the loud failure the seller must fix). */
export function writeMisconfigured(res: ServerResponse, message: string): void {
  if (res.headersSent || res.writableEnded) return;
  res.writeHead(500, {
    'Content-Type': 'text/plain;charset=UTF-8',
    'Content-Length': String(Buffer.byteLength(message, 'utf8')),
  });
  res.end(message, 'utf8');
}

/**
 * Reads the body (limit enforced while reading), runs the handler and writes the answer. `rawBody`, when given,
 * is used instead of reading the stream (a raw-body parser ran first). Never rejects.
 */
export async function serveNodeRequest(
  handler: ProductionHandler,
  req: IncomingMessage,
  res: ServerResponse,
  url: string | undefined,
  rawBody?: Uint8Array | string,
): Promise<void> {
  let body: Uint8Array | string;
  if (rawBody !== undefined) body = rawBody;
  else {
    const read = await readNodeBody(req, handler.maxBodyBytes);
    if (!read.ok) {
      if (read.reason === 'too-large') {
        writeNodeResponse(res, handler.payloadTooLarge({ url }));
        drainThenClose(req);
      } else if (read.reason === 'consumed') {
        handler.logger.error(CONSUMED_BODY_MESSAGE, { path: (url ?? '').split('?')[0] });
        writeMisconfigured(res, CONSUMED_BODY_MESSAGE);
      } else if (!res.writableEnded) res.destroy();
      return;
    }
    body = read.body;
  }
  const answer = await handler.handle({ method: req.method ?? '', url, headers: req.headers, rawBody: body });
  writeNodeResponse(res, answer);
}
