/**
 * `client.assets`: the KooGallery assets Open API `GET /api/mkp-openapi-public/v1/asset/deployed-object`
 * (§8.8; parameters and answer as used by Huawei's Terraform provider, data source `huaweicloud_koogallery_assets`).
 */
import { ValidationError } from '../errors';
import { apigSigner } from './apig-signer';
import type { ApigCredentials } from './apig-signer';
import { OPEN_API_PATHS } from './hosts';
import { ArgumentIssues, requireObject } from './input-checks';
import type { ApiCallOptions, RequestExecutor } from './request-executor';
import { isObject } from '../util/is-object';

/** Arguments of `assets.deployedObjects`. */
export interface DeployedObjectsInput {
  /** Asset id. */
  asset_id: string;
  /** Deployed type, e.g. `image` or `software_package`. */
  deployed_type: string;
  /** Region the asset is deployed in. */
  region?: string;
  /** Asset version. */
  asset_version?: string;
  /** Return every version. */
  query_all?: boolean;
}

/** Image deployment of an asset. */
export interface ImageDeployedObject {
  image_id?: string;
  image_name?: string;
  os_type?: string;
  create_time?: string;
  architecture?: string;
  [field: string]: unknown;
}

/** Software-package deployment of an asset. */
export interface SoftwarePackageDeployedObject {
  package_name?: string;
  internal_path?: string;
  checksum?: string;
  [field: string]: unknown;
}

/** One deployed asset. Further fields are kept as received. */
export interface DeployedAsset {
  asset_id?: string;
  deployed_type?: string;
  version?: string;
  version_id?: string;
  region?: string;
  image_deployed_object?: ImageDeployedObject | null;
  software_pkg_deployed_object?: SoftwarePackageDeployedObject | null;
  [field: string]: unknown;
}

/** Result of `assets.deployedObjects`. */
export interface DeployedObjectsResult {
  errorCode: string | undefined;
  errorMsg: string | undefined;
  /** The deployed assets (empty when `data` is absent). */
  assets: DeployedAsset[];
  requestId: string | undefined;
}

/** The assets API. */
export interface AssetsApi {
  /**
   * Deployed objects (images, software packages) of an asset. Idempotent GET.
   *
   * @throws ValidationError (`INVALID_ARGUMENT`) for missing `asset_id` / `deployed_type`; (`SCHEMA_VIOLATION`)
   *   when `data` is not a list of objects.
   */
  deployedObjects(input: DeployedObjectsInput, options?: ApiCallOptions): Promise<DeployedObjectsResult>;
}

/** Build `client.assets`. */
export function createAssetsApi(executor: RequestExecutor, credentials: ApigCredentials): AssetsApi {
  return {
    async deployedObjects(input, options) {
      const operation = 'assets.deployedObjects';
      const args = requireObject(input, operation, 'the argument');
      const check = new ArgumentIssues();
      check.string(args.asset_id, '/asset_id', { max: 64 });
      check.string(args.deployed_type, '/deployed_type', { max: 64 });
      check.string(args.region, '/region', { max: 64, optional: true });
      check.string(args.asset_version, '/asset_version', { max: 64, optional: true });
      if (args.query_all !== undefined && typeof args.query_all !== 'boolean')
        check.add('/query_all', 'must be a boolean', 'type');
      check.throwIfAny(operation);
      const query: Record<string, string> = {};
      for (const key of ['asset_id', 'deployed_type', 'region', 'asset_version', 'query_all'] as const) {
        const value = args[key];
        // checked above: strings, and a boolean for query_all
        if (typeof value === 'string' || typeof value === 'boolean') query[key] = String(value);
      }
      const reply = await executor.execute(
        {
          operation,
          method: 'GET',
          path: OPEN_API_PATHS.deployedObjects,
          query,
          sign: apigSigner(credentials, undefined),
          idempotent: true,
        },
        options,
      );
      const body = isObject(reply.body) ? reply.body : {};
      const data = body.data ?? [];
      if (!Array.isArray(data) || data.some((d) => !isObject(d))) {
        throw new ValidationError(
          `${operation}: the answer's data is not a list of assets (request id ${reply.requestId ?? 'unknown'}).`,
          [{ path: '/data', message: 'must be an array of objects', keyword: 'type' }],
        );
      }
      return {
        errorCode: typeof body.error_code === 'string' ? body.error_code : undefined,
        errorMsg: typeof body.error_msg === 'string' ? body.error_msg : undefined,
        assets: data as DeployedAsset[],
        requestId: reply.requestId,
      };
    },
  };
}
