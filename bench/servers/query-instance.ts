/**
 * The seller-side work every non-echo server does for a queryInstance call: one instance with its app info. Shared
 * so the SDK servers and the hand-written one answer the same bytes.
 */

import type { InstanceInfo } from '@koogallery-kit/sdk';

/** Path the production interface is mounted at in every server. */
export const PRODUCE_PATH = '/produce';

/** The `info` list of a queryInstance answer for one instance id. */
export function queryInstanceInfo(instanceId: string): InstanceInfo[] {
  return [
    {
      instanceId,
      appInfo: {
        frontEndUrl: 'https://seller.example.com/app',
        adminUrl: 'https://seller.example.com/admin',
      },
    },
  ];
}
