/** The whole body of a request received by a test server, as UTF-8 text. */
import type { IncomingMessage } from 'node:http';

export const readBody = (req: IncomingMessage): Promise<string> =>
  new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });

/** A platform call as a test seller reads it: the raw body, its JSON object (`{}` when not JSON), the query. */
export async function readCall(
  req: IncomingMessage,
): Promise<{ rawBody: string; body: Record<string, unknown>; query: URLSearchParams }> {
  const rawBody = await readBody(req);
  let body: Record<string, unknown> = {};
  try {
    body = JSON.parse(rawBody) as Record<string, unknown>;
  } catch {
    body = {};
  }
  return { rawBody, body, query: new URL(req.url ?? '/', 'http://seller').searchParams };
}
