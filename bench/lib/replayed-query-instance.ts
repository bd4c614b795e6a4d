/**
 * One signed queryInstance call and an SDK production handler that answers it with success every time it is
 * replayed, for timing `handler.handle()` in-process (bench/tools): the handler's clock is pinned to the signing
 * time (a run outlasts the ±60 s window and must keep measuring the success path) and its nonce store counts every
 * nonce as fresh (the memory nonce store's own cost is measured separately, by handler-breakdown.ts).
 */
import type * as SdkRoot from '@koogallery-kit/sdk';
import type { HandlerRequest, HandlerResponse, ProductionHandler, SignedRequest } from '@koogallery-kit/sdk';
import { PRODUCE_PATH, queryInstanceInfo } from '../servers/query-instance';
import { BENCH_ACCESS_KEY, QUERY_INSTANCE_BODY } from './production-call';

/** The SDK functions the replay is built with (from whichever build is under test). */
export type ReplaySdk = Pick<typeof SdkRoot, 'signRequest' | 'createProductionHandler'>;

/** The call, the handler, and the handler's first answer to it. */
export interface ReplayedQueryInstance {
  /** The signed call: canonical body and `signature`, `timestamp`, `nonce` query. */
  signed: SignedRequest;
  /** The pinned clock (the signing time), ms; also usable for `verifyRequest`. */
  now: () => number;
  /** Request path with the signed query, under {@link PRODUCE_PATH}. */
  url: string;
  /** The body bytes as sent. */
  rawBody: Buffer;
  /** Headers a platform call carries (keep-alive JSON POST). */
  headers: Record<string, string>;
  /** The request `handler.handle()` is given: POST of {@link url}, {@link headers} and {@link rawBody}. */
  request: HandlerRequest;
  /** Answers queryInstance with one instance ({@link queryInstanceInfo}). */
  handler: ProductionHandler;
  /** The handler's answer to the first call, checked to be a `000000` success. */
  answer: HandlerResponse;
}

/**
 * Signs a queryInstance call with {@link BENCH_ACCESS_KEY}, creates the handler, and has it answer once.
 *
 * @throws Error when that first answer is not a success (the replay would measure a failure path).
 */
export async function createReplayedQueryInstance(sdk: ReplaySdk): Promise<ReplayedQueryInstance> {
  const accessKey = BENCH_ACCESS_KEY;
  const signed = sdk.signRequest({ accessKey, body: QUERY_INSTANCE_BODY });
  const signedAt = Number(signed.query.timestamp);
  const now = (): number => signedAt;
  const url = `${PRODUCE_PATH}?signature=${signed.query.signature}&timestamp=${signed.query.timestamp}&nonce=${signed.query.nonce}`;
  const rawBody = Buffer.from(signed.body, 'utf8');
  const headers = {
    host: '127.0.0.1:3000',
    connection: 'keep-alive',
    'content-type': 'application/json;charset=utf8',
    accept: 'application/json',
    'content-length': String(rawBody.length),
  };
  const handler = sdk.createProductionHandler({
    accessKey,
    nonceStore: { claim: () => true },
    now,
    logger: {},
    handlers: { queryInstance: (body) => ({ info: queryInstanceInfo(body.instanceId) }) },
  });
  const request = { method: 'POST', url, headers, rawBody };
  const answer = await handler.handle(request);
  if (!answer.body.includes('"000000"')) throw new Error(`handle() did not succeed: ${answer.body}`);
  return { signed, now, url, rawBody, headers, request, handler, answer };
}
