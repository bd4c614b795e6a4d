/**
 * Entry point `@koogallery-kit/sdk/msw`: msw 2 request handlers that serve the KooGallery Open APIs in a
 * seller's test suite — the nine `MOCK*` orders plus custom ones, usage push, licences, assets — behind a
 * gateway that checks the AK/SK signature like the real one (`APIGW.0301` with the canonical request echoed
 * on a mismatch) and answers the documented error bodies.
 *
 * @example
 * import { setupServer } from 'msw/node';
 * import { koogalleryHandlers } from '@koogallery-kit/sdk/msw';
 * const credentials = { accessKey: 'test-ak', secretKey: 'test-sk', usageKey: 'test-key' };
 * const server = setupServer(...koogalleryHandlers({ credentials }));
 */
import { http, HttpResponse } from 'msw';
import type { HttpHandler } from 'msw';
import { REGION_BASE_URLS } from '../client/hosts';
import { normalizeBaseUrls } from '../util/option-checks';
import { createOpenApiSimulator } from '../client/simulator/open-api-simulator';
import type { OpenApiSimulator, OpenApiSimulatorOptions } from '../client/simulator/open-api-simulator';

// The test doubles, shared with `@koogallery-kit/sdk/testing` (which needs no msw).
export * from '../client/test-doubles';

/** Options of {@link koogalleryHandlers}: the simulator's options, or a simulator, plus where to listen. */
export type KoogalleryHandlersOptions = (
  | (OpenApiSimulatorOptions & { simulator?: undefined })
  | {
      /** Serve from this simulator (to share its state, e.g. `simulator.usageRecords`) instead of a new one. */
      simulator: OpenApiSimulator;
    }
) & {
  /**
   * Base URL(s) to intercept. Default: every documented host (`https://mkt.myhuaweicloud.com`, `.cn`,
   * `https://mkt-intl.myhuaweicloud.com`, `https://mkt.myhuaweicloud.eu`), so a client with default options
   * is served whatever its region.
   */
  baseURL?: string | readonly string[];
};

/** Every documented Open-API host. */
const ALL_HOSTS = [...new Set(Object.values(REGION_BASE_URLS).flat())];

/**
 * msw 2 handlers for the KooGallery Open APIs under `/api/mkp-openapi-public/`. Unknown paths answer like the
 * gateway (`APIGW.0101`, 404).
 *
 * @throws ConfigError for missing credentials or a malformed `baseURL`.
 */
export function koogalleryHandlers(options: KoogalleryHandlersOptions): HttpHandler[] {
  const simulator = options.simulator ?? createOpenApiSimulator(options);
  const bases = options.baseURL === undefined ? ALL_HOSTS : normalizeBaseUrls(options.baseURL);
  return bases.map((base) => {
    const basePath = new URL(base).pathname.replace(/\/+$/, '');
    return http.all(`${base}/api/mkp-openapi-public/*`, async ({ request }) => {
      const headers: Record<string, string> = {};
      request.headers.forEach((value, name) => {
        headers[name] = value;
      });
      const body = await request.text();
      const reply = simulator.handle(
        { method: request.method, url: request.url, headers, body },
        { basePath },
      );
      return new HttpResponse(reply.body, { status: reply.status, headers: reply.headers });
    });
  });
}
