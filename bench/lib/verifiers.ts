/**
 * The subjects of the verification benchmark. Each one signs a fresh valid input (current timestamp, new nonce)
 * for a round and returns the call to measure plus a check that the call really accepts it, so no subject is
 * timed on a rejection path.
 *
 * Input forms: the floor and the SDK get the body as a Buffer (what the SDK's node adapter hands to the verifier);
 * an extra SDK row takes a string. The peers get a string, the payload type their signatures declare
 * (stripe `verifyHeader(payload: string…)`, octokit `verify(…eventPayload: string…)`, standardwebhooks and svix as in
 * their READMEs).
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { sign as octokitSign, verify as octokitVerify } from '@octokit/webhooks-methods';
import { Webhook as StandardWebhook } from 'standardwebhooks';
import Stripe from 'stripe';
import { Webhook as SvixWebhook } from 'svix';
import type { SdkDist } from './sdk-dist';

/** A prepared round of one subject. */
export interface PreparedCall {
  /** The measured call; may return a promise (octokit). */
  call: () => unknown;
  /** True when `call` accepts its input (checked once per round, outside the measurement). */
  accepts(): Promise<boolean>;
}

/** One verifier under comparison. */
export interface VerifySubject {
  /** Stable id: `floor`, `sdk`, `sdk-string`, `stripe`, `standardwebhooks`, `svix`, `octokit`. */
  id: string;
  /** Table label. */
  label: string;
  /** Signs a fresh input over `body` and returns the call. */
  prepare(body: string): Promise<PreparedCall>;
}

const ACCESS_KEY = 'bench-access-key-0001-0123456789';

async function accepts(fn: () => unknown): Promise<boolean> {
  try {
    const result = await fn();
    return result !== false;
  } catch {
    return false;
  }
}

/** Builds the subjects, the SDK ones bound to the given build. */
export function verifySubjects(sdk: SdkDist): VerifySubject[] {
  const { signRequest, verifyRequest } = sdk.root;
  // The static webhooks helper: verification needs no API client (and so no API key).
  const stripeWebhooks = Stripe.webhooks;
  const stripeSecret = `whsec_${randomBytes(32).toString('base64')}`;
  const webhookSecret = `whsec_${randomBytes(32).toString('base64')}`;
  const standard = new StandardWebhook(webhookSecret.slice('whsec_'.length));
  const svix = new SvixWebhook(webhookSecret);
  const githubSecret = randomBytes(32).toString('hex');

  const sdkSubject = (id: string, label: string, asBuffer: boolean): VerifySubject => ({
    id,
    label,
    async prepare(body) {
      const { query } = signRequest({ accessKey: ACCESS_KEY, body });
      const rawBody = asBuffer ? Buffer.from(body, 'utf8') : body;
      const call = (): unknown => verifyRequest({ accessKey: ACCESS_KEY, rawBody, query });
      return {
        call,
        accepts: async () => {
          const r = verifyRequest({ accessKey: ACCESS_KEY, rawBody, query });
          return r.valid && r.matched === 'raw';
        },
      };
    },
  });

  return [
    {
      id: 'floor',
      label: 'floor: 2× createHmac + timingSafeEqual',
      async prepare(body) {
        const { query } = signRequest({ accessKey: ACCESS_KEY, body });
        const bytes = Buffer.from(body, 'utf8');
        const { signature, timestamp, nonce } = query;
        // The V2 algorithm (protocol §7.1) written inline, nothing else: the physical floor of any verifier.
        const call = (): boolean => {
          const inner = createHmac('sha256', ACCESS_KEY).update(bytes).digest('hex');
          const mac = createHmac('sha256', ACCESS_KEY)
            .update(ACCESS_KEY + nonce + timestamp + inner)
            .digest();
          return timingSafeEqual(mac, Buffer.from(signature, 'hex'));
        };
        return { call, accepts: () => accepts(call) };
      },
    },
    sdkSubject('sdk', 'SDK verifyRequest (Buffer body)', true),
    sdkSubject('sdk-string', 'SDK verifyRequest (string body)', false),
    {
      id: 'stripe',
      label: 'stripe webhooks.signature.verifyHeader',
      async prepare(body) {
        const header = stripeWebhooks.generateTestHeaderString({ payload: body, secret: stripeSecret });
        const call = (): unknown => stripeWebhooks.signature.verifyHeader(body, header, stripeSecret);
        return { call, accepts: () => accepts(call) };
      },
    },
    {
      id: 'standardwebhooks',
      label: 'standardwebhooks Webhook.verify (jsonParse off)',
      async prepare(body) {
        const id = `msg_${randomBytes(12).toString('hex')}`;
        const at = new Date();
        const headers = {
          'webhook-id': id,
          'webhook-timestamp': String(Math.floor(at.getTime() / 1000)),
          'webhook-signature': standard.sign(id, at, body),
        };
        const call = (): unknown => standard.verify(body, headers, { jsonParse: false });
        return { call, accepts: () => accepts(() => (call(), true)) };
      },
    },
    {
      id: 'svix',
      label: 'svix Webhook.verify (parses JSON)',
      async prepare(body) {
        const id = `msg_${randomBytes(12).toString('hex')}`;
        const at = new Date();
        const headers = {
          'svix-id': id,
          'svix-timestamp': String(Math.floor(at.getTime() / 1000)),
          'svix-signature': svix.sign(id, at, body),
        };
        const call = (): unknown => svix.verify(body, headers);
        return { call, accepts: () => accepts(() => (call(), true)) };
      },
    },
    {
      id: 'octokit',
      label: '@octokit/webhooks-methods verify (async)',
      async prepare(body) {
        const signature = await octokitSign(githubSecret, body);
        const call = (): Promise<boolean> => octokitVerify(githubSecret, body, signature);
        return { call, accepts: () => accepts(call) };
      },
    },
  ];
}
