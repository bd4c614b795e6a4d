/** Helpers for the HTTP tests: JSON requests against a running mock. */

/** A JSON answer; `T` is the answer's type (the engine's record types, or a small interface in the test). */
export interface Answer<T = unknown> {
  status: number;
  body: T;
  headers: Headers;
}

/** Sends a request to `url` with an optional JSON body (or raw text); the answer is typed `T` (default `unknown`). */
export async function request<T = unknown>(
  url: string,
  o: { method?: string; json?: unknown; raw?: string; headers?: Record<string, string> } = {},
): Promise<Answer<T>> {
  const headers: Record<string, string> = { ...o.headers };
  let body: string | undefined;
  if (o.json !== undefined) {
    headers['Content-Type'] = 'application/json';
    body = JSON.stringify(o.json);
  } else if (o.raw !== undefined) {
    headers['Content-Type'] ??= 'application/json';
    body = o.raw;
  }
  const res = await fetch(url, { method: o.method ?? (body === undefined ? 'GET' : 'POST'), headers, body });
  const text = await res.text();
  return { status: res.status, body: (text === '' ? null : JSON.parse(text)) as T, headers: res.headers };
}
