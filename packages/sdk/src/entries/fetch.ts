// Entry point @koogallery-kit/sdk/fetch — the production-interface handler as a Fetch API function.
import type { ProductionHandler } from '../handler';
import { readWebBody } from '../handler/read-body';

const CONSUMED =
  'koogallery-kit: the request body was already read (e.g. c.req.json() in Hono), so the raw bytes the signature ' +
  'covers are gone. Pass the untouched Request to the KooGallery handler before anything reads its body.';

/**
 * `(request: Request) => Promise<Response>` for Fetch-based runtimes and frameworks: Hono
 * (`app.all('/produce/*', (c) => handle(c.req.raw))`), Next.js route handlers, Bun, Deno, Cloudflare Workers.
 * The body is read as a stream and abandoned once it passes `maxBodyBytes` (413).
 *
 * Header-name case: Fetch `Headers` lower-case every name, and runtimes write them that way (`body-sign`). The
 * platform's checker is documented as case-sensitive for `Body-Sign` (protocol §7.3), so prefer the node or
 * express adapter on Node.js, and check the header on the wire with the mock marketplace on other runtimes.
 */
export function createFetchHandler(handler: ProductionHandler): (request: Request) => Promise<Response> {
  return async (request) => {
    const read = await readWebBody(request, handler.maxBodyBytes);
    if (!read.ok) {
      if (read.reason === 'too-large') return toResponse(handler.payloadTooLarge({ url: request.url }));
      if (read.reason === 'consumed') {
        handler.logger.error(CONSUMED, { path: new URL(request.url).pathname });
        return new Response(CONSUMED, {
          status: 500,
          headers: { 'Content-Type': 'text/plain;charset=UTF-8' },
        });
      }
      return new Response(null, { status: 400 });
    }
    const answer = await handler.handle({
      method: request.method,
      url: request.url,
      headers: request.headers,
      rawBody: read.body,
    });
    return toResponse(answer);
  };
}

function toResponse(answer: { status: number; headers: Record<string, string>; body: string }): Response {
  return new Response(answer.body, { status: answer.status, headers: answer.headers });
}
