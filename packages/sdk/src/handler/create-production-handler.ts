import type { InterfaceName, SchemaName } from '../schemas';
import { INTERFACES, RESULT_CODES, describeIssues, validateSchema } from '../schemas';
import { authenticate } from './authenticate';
import { decryptClientSecret } from '../signing/client-secret-cipher';
import { createSafeLogger, errorFields } from './logger';
import type { SafeLogger } from './logger';
import { resolveOptions } from './options';
import type { ResolvedOptions } from './options';
import type { HandlerRequest, NormalisedRequest } from './request';
import { normaliseRequest, rawBodyLength } from './request';
import type { HandlerResponse } from './respond';
import { signedJsonResponse, signedResponse } from './respond';
import { clampResultMsg } from './result-codes';
import { isProductionResult } from './results';
import type { Route } from './route';
import { resolveRoute } from './route';
import type { HandlerContext, ProductionHandler, ProductionHandlerOptions } from './types';
import { V1_ACTIVITIES, decryptV1Credentials, encryptV1Response, isV1Activity, v1Body } from './v1';

/** Internal: an answer decided before (or instead of) the seller's handler. */
class Answer {
  constructor(
    readonly resultCode: string,
    readonly resultMsg: string,
    readonly log: { level: 'info' | 'warn' | 'error'; message: string; fields: Record<string, unknown> },
  ) {}
}

interface Target {
  /** Key in `handlers`. */
  handlerName: string;
  /** The wire activity (kit: the kit name). */
  activity: string;
  request: SchemaName;
  response: SchemaName;
}

/** Internal: a checked answer payload and, when already serialised, its `JSON.stringify` text (sent as is). */
interface Final {
  payload: Record<string, unknown>;
  json?: string;
}

const decoder = new TextDecoder('utf-8', { fatal: true });

const ResultCodes = {
  SUCCESS: RESULT_CODES.SUCCESS.code,
  AUTH_FAILED: RESULT_CODES.AUTH_FAILED.code,
  INVALID_PARAMS: RESULT_CODES.INVALID_PARAMS.code,
  PROCESSING: RESULT_CODES.PROCESSING.code,
  INTERNAL_ERROR: RESULT_CODES.INTERNAL_ERROR.code,
} as const;
const SUCCESS_MSG = RESULT_CODES.SUCCESS.message;
const INTERNAL_MSG = RESULT_CODES.INTERNAL_ERROR.message;

/** True for a promise or any thenable. */
function isPromiseLike<T>(value: T | PromiseLike<T>): value is PromiseLike<T> {
  return (
    (typeof value === 'object' || typeof value === 'function') &&
    value !== null &&
    typeof (value as { then?: unknown }).then === 'function'
  );
}

function reject(code: string, message: string, fields: Record<string, unknown> = {}): Answer {
  return new Answer(code, message, {
    level: 'info',
    message: `koogallery-kit: request rejected with ${code}`,
    fields: { ...fields, reason: message },
  });
}

function developerError(message: string, fields: Record<string, unknown>): Answer {
  return new Answer(ResultCodes.INTERNAL_ERROR, `${INTERNAL_MSG} (see the seller's server log)`, {
    level: 'error',
    message: `koogallery-kit: ${message}; answered 000005`,
    fields,
  });
}

/** V2 activity → interface, from the schema catalogue (basic and licence families). */
function v2Catalogue(): Map<string, Target> {
  const map = new Map<string, Target>();
  for (const spec of Object.values(INTERFACES)) {
    if (spec.family !== 'basic' && spec.family !== 'licence') continue;
    map.set(spec.activity, {
      handlerName: spec.name,
      activity: spec.activity,
      request: spec.request,
      response: spec.response,
    });
  }
  return map;
}

function interfaceTarget(name: InterfaceName, handlerName: string): Target {
  const spec = INTERFACES[name];
  return { handlerName, activity: handlerName, request: spec.request, response: spec.response };
}

function parseJsonObject(bytes: Uint8Array): Record<string, unknown> | Answer {
  let text: string;
  try {
    text = decoder.decode(bytes);
  } catch {
    return reject(ResultCodes.INVALID_PARAMS, 'The request body is not valid UTF-8.');
  }
  let value: unknown;
  try {
    value = JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
  } catch {
    return reject(ResultCodes.INVALID_PARAMS, 'The request body is not valid JSON.');
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    const kind = value === null ? 'null' : Array.isArray(value) ? 'an array' : `a ${typeof value}`;
    return reject(ResultCodes.INVALID_PARAMS, `The request body must be a JSON object, not ${kind}.`);
  }
  return value as Record<string, unknown>;
}

/**
 * Creates the framework-neutral production-interface handler. Each request goes through, in order:
 *
 * 1. size limit (`maxBodyBytes`) → HTTP 413;
 * 2. HTTP method (POST; V1 basic calls GET) → HTTP 405 with `Allow`, `000002`;
 * 3. signature (`000001`); 4. timestamp window, both directions (`000001`); 5. nonce replay (`000001`);
 * 6. JSON parse (`000002`); 7. dispatch by `activity` or kit path (`000002` when unknown or not handled);
 * 8. schema validation of the request (`000002`, naming the field);
 * 9. the seller's handler (throws → `000005`, logged); 10. validation of its answer (invalid → `000005`, logged);
 * 11. serialise once, sign (`Body-Sign`), answer.
 *
 * Every answer, 405 and 413 included, is JSON with `resultCode`/`resultMsg`, `Content-Type:
 * application/json;charset=UTF-8` and a valid `Body-Sign` (kit paths are signed with `kitAccessKey`).
 *
 * @throws ConfigError when an option is missing or invalid.
 */
export function createProductionHandler(options: ProductionHandlerOptions): ProductionHandler {
  const cfg: ResolvedOptions = resolveOptions(options);
  const log: SafeLogger = createSafeLogger(cfg.logger, [cfg.accessKey, cfg.kitAccessKey]);
  const catalogue = v2Catalogue();
  const replayTtlMs = 2 * cfg.toleranceMs;

  const keyFor = (route: Route): string => (route.kind === 'kit' ? cfg.kitAccessKey : cfg.accessKey);

  const tooLarge = (route: Route): HandlerResponse =>
    signedResponse(
      keyFor(route),
      {
        resultCode: ResultCodes.INVALID_PARAMS,
        resultMsg: `Request body larger than ${cfg.maxBodyBytes} bytes (maxBodyBytes): rejected unread. Raise maxBodyBytes if such bodies are legitimate.`,
      },
      413,
    );

  const resolveTarget = (route: Route, body: Record<string, unknown>): Target | Answer => {
    if (route.kind === 'kit') {
      if (route.name === null) {
        return reject(
          ResultCodes.INVALID_PARAMS,
          `Unknown kit path produceAPI/${route.requested.slice(0, 64)}: kit interfaces are served at produceAPI/v2/<tenantSync|applicationSync|authSync|singleOrgSync|allOrgSync>.`,
        );
      }
      return interfaceTarget(route.name, route.name);
    }
    const activity = body.activity;
    if (typeof activity !== 'string' || activity.length === 0) {
      return reject(ResultCodes.INVALID_PARAMS, 'activity: the request names no activity.');
    }
    if (cfg.version === 'v1') {
      if (!isV1Activity(activity))
        return reject(
          ResultCodes.INVALID_PARAMS,
          `activity: unknown V1 activity ${JSON.stringify(activity.slice(0, 64))}.`,
        );
      return interfaceTarget(V1_ACTIVITIES[activity], activity);
    }
    const target = catalogue.get(activity);
    if (target === undefined)
      return reject(
        ResultCodes.INVALID_PARAMS,
        `activity: unknown activity ${JSON.stringify(activity.slice(0, 64))}.`,
      );
    return target;
  };

  /** Turns what the handler returned into the payload to send, or a developer error. */
  const buildPayload = (
    target: Target,
    reply: unknown,
    logFields: Record<string, unknown>,
  ): Record<string, unknown> | Answer => {
    if (isProductionResult(reply)) {
      return { resultCode: reply.resultCode, resultMsg: clampResultMsg(reply.resultMsg), ...reply.fields };
    }
    if (reply === undefined || reply === null)
      return { resultCode: ResultCodes.SUCCESS, resultMsg: SUCCESS_MSG };
    if (typeof reply !== 'object' || Array.isArray(reply)) {
      return developerError(
        `the ${target.handlerName} handler returned ${Array.isArray(reply) ? 'an array' : `a ${typeof reply}`} instead of the response fields`,
        logFields,
      );
    }
    const { resultCode, resultMsg, ...fields } = reply as Record<string, unknown>;
    if (resultCode !== undefined && resultCode !== ResultCodes.SUCCESS) {
      return developerError(
        `the ${target.handlerName} handler returned resultCode ${JSON.stringify(resultCode)}; return results.notFound(), results.invalid(), results.processing() or results.error() instead`,
        logFields,
      );
    }
    if (resultMsg !== undefined && typeof resultMsg !== 'string') {
      return developerError(
        `the ${target.handlerName} handler returned a resultMsg that is not a string`,
        logFields,
      );
    }
    if (typeof resultMsg === 'string' && resultMsg !== clampResultMsg(resultMsg)) {
      log.warn(
        `koogallery-kit: the ${target.handlerName} handler's resultMsg is over 255 characters; it was cut`,
        logFields,
      );
    }
    return {
      resultCode: ResultCodes.SUCCESS,
      resultMsg: clampResultMsg(resultMsg ?? SUCCESS_MSG),
      ...fields,
    };
  };

  /**
   * JSON copy of the payload (what will be sent), V1 encryption, then validation against the response schema. The
   * text of the copy is kept so the answer is serialised once: `JSON.stringify` of a value parsed from its own
   * output reproduces that output, and `validateSchema` neither copies nor modifies its input. Only when V1
   * encryption rewrote the copy is it serialised again.
   */
  const finalisePayload = (
    target: Target,
    payload: Record<string, unknown>,
    logFields: Record<string, unknown>,
  ): Final | Answer => {
    const code = payload.resultCode;
    if (code !== ResultCodes.SUCCESS && code !== ResultCodes.PROCESSING) {
      // Error answers carry only resultCode/resultMsg, built by the helpers; nothing else to check.
      return { payload: { resultCode: code, resultMsg: payload.resultMsg } };
    }
    let copy: Record<string, unknown>;
    let json: string;
    try {
      json = JSON.stringify(payload);
      copy = JSON.parse(json) as Record<string, unknown>;
    } catch (error) {
      return developerError(
        `the ${target.handlerName} handler returned a value that cannot be serialised as JSON`,
        { ...logFields, error: errorFields(error) },
      );
    }
    if (cfg.version === 'v1' && target.request.startsWith('v1')) {
      try {
        encryptV1Response(copy, cfg.accessKey, cfg.encryptType);
        json = JSON.stringify(copy);
      } catch (error) {
        return developerError(
          `the ${target.handlerName} answer's appInfo credentials could not be encrypted`,
          { ...logFields, error: errorFields(error) },
        );
      }
    }
    const checked = validateSchema(target.response, copy);
    if (!checked.ok) {
      return developerError(
        `the ${target.handlerName} handler returned an invalid response: ${describeIssues(checked.issues)}`,
        {
          ...logFields,
          issues: checked.issues,
        },
      );
    }
    return { payload: copy, json };
  };

  const process = async (req: NormalisedRequest, route: Route): Promise<Final | Answer> => {
    const auth = authenticate(route, req, cfg);
    if (!auth.ok) {
      if (auth.internal)
        return developerError(`signature verification could not run: ${auth.message}`, { path: req.path });
      return reject(ResultCodes.AUTH_FAILED, auth.message, { check: auth.reason, path: req.path });
    }
    let fresh: boolean;
    try {
      // Await only a promise: a synchronous store (the memory one) then costs no extra microtask turn.
      const claimed = cfg.nonceStore.claim(auth.replayKey, replayTtlMs);
      fresh = isPromiseLike(claimed) ? await claimed : claimed;
    } catch (error) {
      return new Answer(ResultCodes.INTERNAL_ERROR, `${INTERNAL_MSG} (replay check unavailable)`, {
        level: 'error',
        message:
          'koogallery-kit: the nonce store failed, so the request could not be checked for replay; answered 000005',
        fields: { path: req.path, error: errorFields(error) },
      });
    }
    if (!fresh)
      return reject(
        ResultCodes.AUTH_FAILED,
        'The nonce was already used within the timestamp window: replayed request refused.',
        { check: 'NONCE_REPLAYED', path: req.path },
      );

    const body =
      route.kind === 'basic' && cfg.version === 'v1' ? v1Body(req.query) : parseJsonObject(req.body);
    if (body instanceof Answer) return body;
    const target = resolveTarget(route, body);
    if (target instanceof Answer) return target;

    const checked = validateSchema(target.request, body);
    if (!checked.ok) {
      return reject(
        ResultCodes.INVALID_PARAMS,
        `Invalid ${target.activity} request: ${describeIssues(checked.issues)}`,
        { activity: target.activity },
      );
    }
    const value = checked.value as Record<string, unknown>;
    // Built in place (no conditional spreads): activity, then instanceId and orderId when present.
    const logFields: Record<string, unknown> = { activity: target.activity };
    if (typeof value.instanceId === 'string' && value.instanceId !== '')
      logFields.instanceId = value.instanceId;
    if (typeof value.orderId === 'string' && value.orderId !== '') logFields.orderId = value.orderId;
    const handler = cfg.handlers.get(target.handlerName);
    if (handler === undefined) {
      return reject(
        ResultCodes.INVALID_PARAMS,
        `activity ${target.activity} is not implemented by this seller (no handlers.${target.handlerName} registered).`,
        logFields,
      );
    }

    if (cfg.version === 'v1' && route.kind === 'basic') {
      const failed = decryptV1Credentials(value, cfg.accessKey, cfg.encryptType);
      if (failed !== null) {
        return reject(
          ResultCodes.INVALID_PARAMS,
          `${failed}: could not be decrypted with encryptType ${cfg.encryptType} (AES-${cfg.encryptType === 1 ? 256 : 128}-CBC).`,
          logFields,
        );
      }
    }
    if (target.handlerName === 'applicationSync' && cfg.privateKey !== undefined) {
      const secret = decryptClientSecret(cfg.privateKey, String(value.clientSecret), cfg.clientSecretOaep);
      if (!secret.ok) {
        if (secret.reason === 'NOT_BASE64')
          return reject(
            ResultCodes.INVALID_PARAMS,
            'clientSecret: must be base64 RSA ciphertext.',
            logFields,
          );
        return developerError(
          'applicationSync clientSecret could not be decrypted: check that privateKey matches the public key uploaded with the application credential (and clientSecretOaep)',
          { ...logFields, cause: secret.reason },
        );
      }
      value.clientSecret = secret.secret;
    }

    const context: HandlerContext = {
      activity: target.activity,
      testFlag: value.testFlag === '1' || value.testFlag === 1,
      query: req.query,
      headers: req.headers,
    };
    let reply: unknown;
    try {
      // Await only a promise: a handler that answers synchronously costs no extra microtask turn.
      const returned = (handler as (body: unknown, context: HandlerContext) => unknown)(value, context);
      reply = isPromiseLike(returned) ? await returned : returned;
    } catch (error) {
      if (isProductionResult(error)) reply = error;
      else
        return developerError(`the ${target.handlerName} handler threw`, {
          ...logFields,
          error: errorFields(error),
        });
    }
    const payload = buildPayload(target, reply, logFields);
    if (payload instanceof Answer) return payload;
    const final = finalisePayload(target, payload, logFields);
    if (final instanceof Answer) return final;
    log.debug(`koogallery-kit: ${target.activity} answered ${String(final.payload.resultCode)}`, logFields);
    return final;
  };

  const handle = async (request: HandlerRequest): Promise<HandlerResponse> => {
    let route: Route = { kind: 'basic' };
    try {
      if (rawBodyLength(request?.rawBody) > cfg.maxBodyBytes) {
        route = resolveRoute(normaliseRequest({ ...request, rawBody: null }).path);
        log.info('koogallery-kit: request rejected with HTTP 413', {
          path: route.kind,
          maxBodyBytes: cfg.maxBodyBytes,
        });
        return tooLarge(route);
      }
      const req = normaliseRequest(request);
      route = resolveRoute(req.path);
      const method = route.kind === 'basic' && cfg.version === 'v1' ? 'GET' : 'POST';
      if (req.method !== method) {
        const generation = route.kind === 'kit' ? 'Kit' : cfg.version === 'v1' ? 'V1' : 'V2';
        log.info('koogallery-kit: request rejected with HTTP 405', { method: req.method, path: req.path });
        return signedResponse(
          keyFor(route),
          {
            resultCode: ResultCodes.INVALID_PARAMS,
            resultMsg: clampResultMsg(
              `Method ${req.method.slice(0, 16) || '(none)'} not allowed: KooGallery ${generation} production interfaces are called with ${method}.`,
            ),
          },
          405,
          { Allow: method },
        );
      }
      const outcome = await process(req, route);
      if (outcome instanceof Answer) {
        log[outcome.log.level](outcome.log.message, outcome.log.fields);
        return signedResponse(keyFor(route), {
          resultCode: outcome.resultCode,
          resultMsg: clampResultMsg(outcome.resultMsg),
        });
      }
      return outcome.json === undefined
        ? signedResponse(keyFor(route), outcome.payload)
        : signedJsonResponse(keyFor(route), outcome.json);
    } catch (error) {
      log.error('koogallery-kit: unexpected failure while handling a production call; answered 000005', {
        error: errorFields(error),
      });
      return signedResponse(keyFor(route), {
        resultCode: ResultCodes.INTERNAL_ERROR,
        resultMsg: INTERNAL_MSG,
      });
    }
  };

  return Object.freeze({
    handle,
    payloadTooLarge: (request?: Pick<HandlerRequest, 'url'>) =>
      tooLarge(resolveRoute(normaliseRequest({ method: 'POST', url: request?.url }).path)),
    maxBodyBytes: cfg.maxBodyBytes,
    version: cfg.version,
    logger: Object.freeze({ ...log }),
  });
}
