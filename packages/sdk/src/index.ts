export * from './errors';
export { redactDeep, redactSecret, redactSignature, redactUrlUserInfo, isSecretField } from './util/redact';
export * from './signing';
export * from './schemas';
export * from './handler';
export * from './client';
export * from './platform';
