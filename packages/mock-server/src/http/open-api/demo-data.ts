/**
 * What the mock's Open APIs serve when nothing else is configured: the demo APIG credentials (used when
 * `koogallery-mock start` gets no `--ak/--sk`), the demo usage-push key, a few licence codes in each state and one
 * deployed asset. None of these are real secrets; never use them outside a local mock.
 */
import type { DeployedAsset } from '@koogallery-kit/sdk';
import type { SimulatedLicense } from '@koogallery-kit/sdk/testing';

/** Credentials the emulated Open APIs accept. */
export interface OpenApiCredentials {
  /** APIG access key (AK) of `SDK-HMAC-SHA256` signatures. */
  ak: string;
  /** APIG secret key (SK) paired with `ak`. */
  sk: string;
  /** KooGallery key that signs usage pushes (new) — the seller's key, not the SK (§7.4, §15 item 17). */
  usageKey: string;
}

/** Demo credentials of the mock's Open APIs (documented in the README and `--help`). */
export const DEMO_OPEN_API_CREDENTIALS: Readonly<OpenApiCredentials> = Object.freeze({
  ak: 'KOOMOCKDEMOAK0000001',
  sk: 'koogallery-mock-demo-sk-0000000000000000000',
  usageKey: 'koogallery-mock-demo-key',
});

/** Demo licence codes of the licence APIs (§8.6, §8.7), one per situation. */
export const DEMO_LICENSES: readonly SimulatedLicense[] = Object.freeze([
  {
    license: 'LIC-DEMO-0001',
    product_id: 'OFFI100000000000000501',
    order_id: 'CS2501010000DEMO1',
    amount: 1,
    expire_time: '20351231235959',
  },
  {
    license: 'LIC-DEMO-0002',
    product_id: 'OFFI100000000000000501',
    order_id: 'CS2501010000DEMO2',
    amount: 5,
    expire_time: '20351231235959',
  },
  {
    license: 'LIC-DEMO-ALIVE',
    status: 'ALIVE',
    product_id: 'OFFI100000000000000501',
    order_id: 'CS2501010000DEMO3',
    amount: 2,
    expire_time: '20351231235959',
  },
  {
    license: 'LIC-DEMO-EXPIRED',
    status: 'EXPIRED',
    product_id: 'OFFI100000000000000501',
    order_id: 'CS2401010000DEMO4',
    amount: 1,
    expire_time: '20250101000000',
  },
  {
    license: 'LIC-DEMO-NOT-RECEIVED',
    received: false,
    product_id: 'OFFI100000000000000501',
    order_id: 'CS2501010000DEMO5',
    amount: 1,
    expire_time: '20351231235959',
  },
  {
    license: 'LIC-DEMO-RELEASED',
    status: 'RELEASED',
    product_id: 'OFFI100000000000000501',
    order_id: 'CS2401010000DEMO6',
    amount: 1,
    expire_time: '20250101000000',
  },
] satisfies SimulatedLicense[]);

/** Demo asset of the deployed-object API (§8.8). */
export const DEMO_ASSETS: readonly DeployedAsset[] = Object.freeze([
  {
    asset_id: 'asset-demo-0001',
    deployed_type: 'image',
    version: '1.0.0',
    version_id: 'v-demo-0001',
    region: 'cn-north-4',
    image_deployed_object: {
      image_id: '3c0f8d6a-0000-4000-8000-00000000d3m0',
      image_name: 'koogallery-mock-demo-image',
      os_type: 'Linux',
      architecture: 'x86_64',
      create_time: '2025-01-01T00:00:00Z',
    },
    software_pkg_deployed_object: null,
  },
]);
