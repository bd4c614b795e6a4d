/**
 * `GET /__admin/config`: how the running mock is configured — where it delivers, the protocol, time-outs, clock,
 * store, Open API and login settings — with every secret shown only as set (`[REDACTED]`) or not (`null`).
 *
 * With `?challenge=<16..128 characters of A-Z a-z 0-9 _ ->` the answer also carries `keyProof`: a proof of each
 * key for that challenge (see key-proof.ts), so a client that knows a key — `koogallery-mock contract
 * --mock-url` — can check the mock uses the same one without the key travelling anywhere.
 */
import { Router } from 'express';
import type { ValidationIssue } from '@koogallery-kit/sdk';
import { HttpError } from '../errors';
import { checkKnownQuery, issue, queryString, throwIssues } from './input';
import { KEY_PROOF_CHALLENGE, type KeyProofs } from './key-proof';

/** The mock's configuration as `GET /__admin/config` shows it. Holds no secret. */
export interface MockConfigurationView {
  name: 'koogallery-mock';
  /** Package version of the mock. */
  version: string;
  /** Where production calls go: `seller` (the seller URL), `custom` (a delivery function), `none` (no seller URL). */
  delivery: 'seller' | 'custom' | 'none';
  /** Origin and path of the seller URL (no query, no credentials); null unless `delivery` is `seller`. */
  sellerUrl: string | null;
  /** Generation of the basic interfaces the lifecycle sends. */
  protocol: 'v2' | 'v1';
  /** V1 only: AES variant of encrypted fields; null in V2 mode. */
  encryptType: 1 | 2 | null;
  /** `[REDACTED]` when the basic key is set, else null. */
  key: string | null;
  /** `[REDACTED]` when a separate kit key is set; null when kit calls are signed with `key`. */
  kitKey: string | null;
  /** Whether applicationSync can encrypt clientSecret (a kit public key is configured). */
  kitPublicKey: boolean;
  /** Per-attempt time-out and the time limit replies are judged against, ms. */
  timeoutMs: number;
  timeLimitMs: number;
  /** The business clock. */
  clock: { kind: 'virtual' | 'real'; timeScale?: number };
  /** `memory`, `custom` or the SQLite path. */
  store: string;
  /** Whether admin calls need a token. */
  adminToken: boolean;
  /** `testFlag` on lifecycle calls. */
  testFlag: '0' | '1' | null;
  /** The emulated Open APIs: the AK the gateway accepts (an identifier, not a secret), SK redacted. */
  openApi: { enabled: boolean; accessKey: string | null; secretKey: string | null; demoCredentials: boolean };
  /** The joint-operations login. */
  oauth: { enabled: boolean };
}

/** What the config route reads. */
export interface AdminConfigurationSource {
  /** The configuration (no secrets). */
  view(): MockConfigurationView;
  /** Proofs of the mock's keys for a challenge. */
  proveKeys(challenge: string): KeyProofs;
}

/** Answer of `GET /__admin/config`. */
export type MockConfigurationAnswer = MockConfigurationView & {
  /** Present when a challenge was given. */
  keyProof?: KeyProofs & { challenge: string };
};

/** Creates the config route. Without a source it answers 422 NOT_SUPPORTED. */
export function createConfigRoutes(source: AdminConfigurationSource | undefined): Router {
  const r = Router();
  r.get('/config', (req, res) => {
    const issues: ValidationIssue[] = [];
    checkKnownQuery(req, ['challenge'], issues);
    const challenge = queryString(req, 'challenge', issues);
    if (challenge !== undefined && !KEY_PROOF_CHALLENGE.test(challenge)) {
      issues.push(
        issue(
          '/challenge',
          'must be 16 to 128 characters of A-Z, a-z, 0-9, _ and - (a fresh random value)',
          'pattern',
        ),
      );
    }
    throwIssues('config request', issues);
    if (source === undefined) {
      throw new HttpError(
        422,
        'NOT_SUPPORTED',
        'This admin API was created without a configuration description; pass `configuration` to createAdminRouter (createMockMarketplace does).',
      );
    }
    const answer: MockConfigurationAnswer = { ...source.view() };
    if (challenge !== undefined) answer.keyProof = { challenge, ...source.proveKeys(challenge) };
    res.json(answer);
  });
  return r;
}
