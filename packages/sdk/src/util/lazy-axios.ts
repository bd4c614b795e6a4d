/**
 * axios is loaded on first use, not when the SDK is imported: it is the heaviest module the SDK depends on, and a
 * seller's service that only verifies production calls (handler, signatures) never needs it. This keeps the
 * import time of the package root low (see bench/). Only `request()` is used by the SDK.
 */
import type {
  AxiosInstance,
  AxiosRequestConfig,
  AxiosResponse,
  AxiosStatic,
  CreateAxiosDefaults,
} from 'axios';

/** The module namespace `import('axios')` resolves to. */
interface AxiosModule {
  default: AxiosStatic;
}

/** The part of an axios instance the SDK uses. Any `AxiosInstance` fits. */
export interface AxiosLike {
  request<T = unknown>(config: AxiosRequestConfig): Promise<AxiosResponse<T>>;
}

let axiosModule: Promise<AxiosModule> | undefined;

/** Imports axios once; later calls share the same promise. */
export function loadAxios(): Promise<AxiosModule> {
  axiosModule ??= import('axios');
  return axiosModule;
}

/** An instance created with `defaults` on its first request. */
export function createLazyAxios(defaults: CreateAxiosDefaults = {}): AxiosLike {
  let instance: Promise<AxiosInstance> | undefined;
  return {
    async request<T>(config: AxiosRequestConfig): Promise<AxiosResponse<T>> {
      instance ??= loadAxios().then((m) => m.default.create(defaults));
      return (await instance).request<T>(config);
    },
  };
}
