/**
 * Where the KooGallery Open APIs live (protocol reference §8.1) and the paths of each API (§8.3–§8.8).
 */

/** The three KooGallery sites. */
export type Region = 'cn' | 'intl' | 'eu';

/**
 * Base URLs per site, in the order they are tried. The Chinese-mainland site documents a second host
 * (`.cn`) to use when the `.com` host cannot be reached.
 */
export const REGION_BASE_URLS: Readonly<Record<Region, readonly string[]>> = Object.freeze({
  cn: Object.freeze(['https://mkt.myhuaweicloud.com', 'https://mkt.myhuaweicloud.cn']),
  intl: Object.freeze(['https://mkt-intl.myhuaweicloud.com']),
  eu: Object.freeze(['https://mkt.myhuaweicloud.eu']),
});

/** Paths of the Open APIs the client calls, relative to a base URL. */
export const OPEN_API_PATHS = Object.freeze({
  orderQuery: '/api/mkp-openapi-public/global/v1/order/query',
  usagePush: '/api/mkp-openapi-public/global/v1/isv/usage-data',
  licenseActivateV1: '/api/mkp-openapi-public/global/v1/license/activate',
  licenseActivateV2: '/api/mkp-openapi-public/global/v2/license/activate',
  licenseQueryV1: '/api/mkp-openapi-public/global/v1/license/heartbeat',
  licenseQueryV2: '/api/mkp-openapi-public/global/v2/license/heartbeat',
  deployedObjects: '/api/mkp-openapi-public/v1/asset/deployed-object',
} as const);

/** Name of one Open API path in {@link OPEN_API_PATHS}. */
export type OpenApiPathName = keyof typeof OPEN_API_PATHS;

/** True for the three documented region names. */
export function isRegion(value: unknown): value is Region {
  return value === 'cn' || value === 'intl' || value === 'eu';
}
