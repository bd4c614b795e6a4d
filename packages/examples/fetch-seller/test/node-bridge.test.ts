// serveFetch, the node:http bridge: request in, Response out, header-name case on the wire, errors.
import { request as httpRequest } from 'node:http';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ConfigError } from '@koogallery-kit/sdk';
import { serveFetch } from '../src';
import type { FetchServer } from '../src';

const servers: FetchServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

async function serve(...args: Parameters<typeof serveFetch>): Promise<FetchServer> {
  const server = await serveFetch(args[0], { port: 0, ...args[1] });
  servers.push(server);
  return server;
}

/** A raw HTTP exchange, keeping the header names exactly as they came over the wire. */
function exchange(url: string, o: { method?: string; body?: string; headers?: Record<string, string> } = {}) {
  return new Promise<{ status: number; rawHeaders: string[]; body: string }>((resolve, reject) => {
    const req = httpRequest(url, { method: o.method ?? 'GET', headers: o.headers }, (res) => {
      let body = '';
      res.setEncoding('utf8').on('data', (chunk: string) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, rawHeaders: res.rawHeaders, body }));
    });
    req.on('error', reject);
    req.end(o.body);
  });
}

describe('serveFetch', () => {
  it('passes method, URL, headers and the exact body bytes to the fetch function', async () => {
    const seen = vi.fn();
    const server = await serve(async (request) => {
      seen(
        request.method,
        new URL(request.url).pathname + new URL(request.url).search,
        request.headers.get('x-test'),
      );
      return new Response(await request.text(), { status: 201 });
    });
    const body = '{"b":1,  "a":"é"}\n';
    const reply = await exchange(`${server.url}/produce?x=1`, {
      method: 'POST',
      body,
      headers: { 'X-Test': 'yes' },
    });
    expect(reply.status).toBe(201);
    expect(reply.body).toBe(body);
    expect(seen).toHaveBeenCalledWith('POST', '/produce?x=1', 'yes');
  });

  it('writes Body-Sign with its documented case by default, and lower-case names with headerCase {}', async () => {
    const fetchFn = () => new Response('{}', { headers: { 'Body-Sign': 'sig', 'X-Other': 'o' } });
    const cased = await serve(fetchFn);
    const raw = (await exchange(cased.url)).rawHeaders;
    expect(raw).toContain('Body-Sign');
    expect(raw).not.toContain('body-sign');
    expect(raw).toContain('x-other');

    const lower = await serve(fetchFn, { headerCase: {} });
    const rawLower = (await exchange(lower.url)).rawHeaders;
    expect(rawLower).toContain('body-sign');
    expect(rawLower).not.toContain('Body-Sign');
  });

  it('keeps every Set-Cookie header and sends a Content-Length', async () => {
    const server = await serve(() => {
      const headers = new Headers();
      headers.append('Set-Cookie', 'a=1');
      headers.append('Set-Cookie', 'b=2');
      return new Response('hello', { headers });
    });
    const { rawHeaders } = await exchange(server.url);
    const values = (name: string) =>
      rawHeaders.filter((_, i) => i % 2 === 1 && rawHeaders[i - 1]!.toLowerCase() === name);
    expect(values('set-cookie')).toEqual(['a=1', 'b=2']);
    expect(values('content-length')).toEqual(['5']);
  });

  it('answers 500 and reports the error when the fetch function throws', async () => {
    const onError = vi.fn();
    const server = await serve(
      () => {
        throw new Error('boom');
      },
      { onError },
    );
    const reply = await exchange(server.url);
    expect(reply.status).toBe(500);
    expect(onError).toHaveBeenCalledWith(expect.objectContaining({ message: 'boom' }));
  });

  it('refuses a bad port with a ConfigError and rejects when the port is taken', async () => {
    await expect(serveFetch(() => new Response(), { port: 70_000 })).rejects.toThrow(ConfigError);
    const first = await serve(() => new Response());
    await expect(serveFetch(() => new Response(), { port: first.port })).rejects.toMatchObject({
      code: 'EADDRINUSE',
    });
  });

  it('closes idempotently and stops accepting connections', async () => {
    const server = await serveFetch(() => new Response('x'), { port: 0 });
    await Promise.all([server.close(), server.close()]);
    await expect(exchange(server.url)).rejects.toMatchObject({ code: 'ECONNREFUSED' });
  });
});
