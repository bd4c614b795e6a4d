/**
 * The live log of the mock: one line per finished attempt (with the precise failure reasons and when the next
 * attempt is due) and per job, order or instance change. Lines carry business time; secrets never appear
 * (recorded problems are already scrubbed by the engine, and every configured secret is masked again here).
 */
import { scrubSecrets } from '../engine/jobs/recording';
import type { EngineEvent } from '../engine/model/events';

/** Options of {@link formatEngineEvent}. */
export interface AttemptLogOptions {
  /** Literal secrets (keys, tokens) masked wherever they appear. */
  secrets?: readonly string[];
  /** Time zone of the printed business time, in minutes east of UTC. Default 480 (UTC+8, the platform's). */
  timeZoneOffsetMinutes?: number;
}

/** `2025-03-10 10:00:00` in the given zone. */
export function formatBusinessTime(ms: number, offsetMinutes = 480): string {
  if (!Number.isFinite(ms)) return String(ms);
  return new Date(ms + offsetMinutes * 60_000).toISOString().slice(0, 19).replace('T', ' ');
}

/** `UTC+08:00` for 480, `UTC-03:30` for -210: the zone as the console writes it. */
export function formatZoneLabel(offsetMinutes = 480): string {
  const abs = Math.abs(offsetMinutes);
  const hh = String(Math.floor(abs / 60)).padStart(2, '0');
  return `UTC${offsetMinutes < 0 ? '-' : '+'}${hh}:${String(abs % 60).padStart(2, '0')}`;
}

/**
 * `2025-03-10 10:00:00 UTC+08:00`: business time with its zone, the format of the console, the live log and every
 * time the CLI prints.
 */
export function formatZonedTime(ms: number, offsetMinutes = 480): string {
  return `${formatBusinessTime(ms, offsetMinutes)} ${formatZoneLabel(offsetMinutes)}`;
}

/**
 * One log line for an engine event, or null for events the live log leaves out (job creation, attempt starts,
 * clock steps). Never throws.
 */
export function formatEngineEvent(event: EngineEvent, o: AttemptLogOptions = {}): string | null {
  const tz = o.timeZoneOffsetMinutes ?? 480;
  const secrets = o.secrets ?? [];
  const at = formatZonedTime(event.at, tz);
  let line: string | null;
  switch (event.type) {
    case 'attempt.finished': {
      const { job, attempt } = event;
      const took = attempt.elapsedMs === null ? '' : ` (${Math.round(attempt.elapsedMs)} ms)`;
      const manual = attempt.manual ? ' manual' : '';
      const code = attempt.resultCode === null ? '' : ` resultCode ${attempt.resultCode}`;
      const head = `${at}  ${job.id} ${job.interface} #${attempt.no}${manual} ${attempt.state}${code}${took}`;
      const reasons = attempt.problems.map(
        (p) => `\n    - ${p.code}${p.field ? ` [${p.field}]` : ''}: ${p.message}`,
      );
      const next =
        job.state === 'PENDING' && job.nextAttemptAt !== null
          ? `\n    next attempt at ${formatZonedTime(job.nextAttemptAt, tz)}`
          : '';
      line = `${head}${reasons.join('')}${attempt.state === 'SUCCEEDED' ? '' : next}`;
      break;
    }
    case 'job.exhausted':
      line = `${at}  ${event.job.id} ${event.job.interface} gave up after ${event.job.attemptCount} attempt(s): every scheduled retry failed (restart it with \`koogallery-mock trigger restart --job ${event.job.id}\`)`;
      break;
    case 'job.failed':
      line = `${at}  ${event.job.id} ${event.job.interface} failed (no automatic retry; restart it with \`koogallery-mock trigger restart --job ${event.job.id}\`)`;
      break;
    case 'job.canceled':
      line = `${at}  ${event.job.id} ${event.job.interface} canceled: ${event.reason}`;
      break;
    case 'order.changed':
      line =
        event.previousState === event.order.state
          ? null
          : `${at}  order ${event.order.orderId} (${event.order.orderType}) ${event.previousState ?? 'new'} → ${event.order.state}`;
      break;
    case 'instance.changed':
      line =
        event.previousState === event.instance.state
          ? null
          : `${at}  instance ${event.instance.ref}${event.instance.instanceId ? ` (${event.instance.instanceId})` : ''} ${event.previousState ?? 'new'} → ${event.instance.state}`;
      break;
    case 'outbox.message':
      // Every failed call mails the seller; the attempt line already says why, so only other mails are shown.
      line =
        event.message.kind === 'CALL_FAILED'
          ? null
          : `${at}  e-mail to ${event.message.to}: ${event.message.subject}`;
      break;
    case 'product.changed':
      line =
        event.product.delisted || event.product.tradingFrozen
          ? `${at}  product ${event.product.productCode}${event.product.delisted ? ' delisted' : ''}${event.product.tradingFrozen ? ' trading frozen' : ''}`
          : null;
      break;
    default:
      line = null;
  }
  return line === null ? null : scrubSecrets(line, secrets);
}
