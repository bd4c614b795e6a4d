/**
 * Plain node:http doing by hand what the SDK's node adapter does for a queryInstance call (see
 * hand-written-call.ts): the body is read into a Buffer, the query parsed with URLSearchParams, the answer written
 * with `writeHead` + `end`. The reference point of issue 11 ("a hand-written verify + Body-Sign reached 0.66").
 */
import { createHandWrittenAnswerer } from './hand-written-call';
import { serveInChild } from './serve';

await serveInChild((config, counters) => {
  const answer = createHandWrittenAnswerer(config, counters);
  return (req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const url = req.url ?? '/';
      const q = url.indexOf('?');
      const out = answer(new URLSearchParams(q === -1 ? '' : url.slice(q + 1)), Buffer.concat(chunks));
      res.writeHead(200, { ...out.headers, 'Content-Length': Buffer.byteLength(out.body) });
      res.end(out.body);
    });
  };
});
