/**
 * The network-error descriptions of the mock's delivery: the SDK's (one table for every transport).
 */
export { describeNetworkError, describeTarget } from '@koogallery-kit/sdk/platform';
