export * from './errors';
export {
  redactDeep,
  redactSecret,
  redactSignature,
  isSecretField,
  maskCredential,
  isCredentialField,
  redactCredentials,
} from './util/redact';
export * from './signing';
export * from './schemas';
export * from './handler';
export * from './client';
export * from './platform';
export { redactUrlUserInfo } from './util/redact';
