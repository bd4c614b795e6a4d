/**
 * Baseline server: a bare node:http JSON echo that verifies nothing. It reads the body, parses it and answers the
 * parsed value re-serialised, with `Content-Type: application/json` — the least a JSON endpoint can do.
 */
import { serveInChild } from './serve';

await serveInChild((_config, counters) => (req, res) => {
  const chunks: Buffer[] = [];
  req.on('data', (chunk: Buffer) => chunks.push(chunk));
  req.on('end', () => {
    let out: string;
    try {
      out = JSON.stringify(JSON.parse(Buffer.concat(chunks).toString('utf8')));
      counters.accepted();
    } catch {
      counters.problem('rejected', 'body is not JSON');
      out = '{}';
    }
    res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(out) });
    res.end(out);
  });
});
