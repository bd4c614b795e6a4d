/**
 * The compact form in which the memory store keeps an outbox message (virtual-clock-scale bench case: a failed call
 * mails the seller, so a long run keeps about one message per attempt). A message's subject and text repeat fixed
 * sentences (a problem's explanation, "The platform will call again at…"): here the text is a list of its lines,
 * and a line, like the subject, the sender address, the kind and the product code, is a number into the store's
 * table of strings ({@link StringTable}) once it is frequent; lines with ids in them stay inline. Unpacking gives
 * back the record the JSON round trip of the message gives (same fields, values and key order), deeply frozen.
 *
 * Layout: `[id, seq, at, to, kind, subject, lines, jobId, orderId, productCode]`, where `to`, `kind`, `subject`,
 * a line and `productCode` may be a number (a table reference) and `lines` is the text split at line breaks. A
 * message whose fields are not exactly those of {@link OutboxMessage}, in that order and of those types, is kept
 * as its JSON text (a JSON string) instead.
 */
import type { OutboxMessage } from '../engine/model/types';
import type { StringTable } from './compact-attempts';
import { freezeParsed, frozenFromJson } from './frozen-records';

/** A string kept once in the table (a number) or inline. */
type Ref = number | string;

const FIELDS = 'id,seq,at,to,kind,subject,text,refs';
const REF_FIELDS = 'jobId,orderId,productCode';

const ref = (s: string, table: StringTable): Ref => table.frequentId(s) ?? s;
const nullableRef = (s: string | null, table: StringTable): Ref | null => (s === null ? null : ref(s, table));
const text = (r: Ref, table: StringTable): string => (typeof r === 'number' ? table.text(r) : r);
const nullableText = (r: Ref | null, table: StringTable): string | null =>
  r === null ? null : text(r, table);

/** True when `m` has exactly the fields of an outbox message, in their order, with the types the layout keeps. */
function fitsLayout(m: OutboxMessage): boolean {
  const refs = m.refs as OutboxMessage['refs'] | undefined;
  return (
    Object.keys(m).join(',') === FIELDS &&
    typeof refs === 'object' &&
    refs !== null &&
    Object.keys(refs).join(',') === REF_FIELDS &&
    typeof m.id === 'string' &&
    typeof m.subject === 'string' &&
    typeof m.text === 'string' &&
    typeof m.to === 'string' &&
    typeof m.kind === 'string' &&
    Number.isFinite(m.at) &&
    Number.isFinite(m.seq) &&
    [refs.jobId, refs.orderId, refs.productCode].every((v) => v === null || typeof v === 'string')
  );
}

/** The compact JSON text of `m`. */
export function compactMessage(m: OutboxMessage, table: StringTable): string {
  if (!fitsLayout(m)) return JSON.stringify(JSON.stringify(m));
  return JSON.stringify([
    m.id,
    m.seq,
    m.at,
    ref(m.to, table),
    ref(m.kind, table),
    ref(m.subject, table),
    m.text.split('\n').map((line) => ref(line, table)),
    m.refs.jobId,
    m.refs.orderId,
    nullableRef(m.refs.productCode, table),
  ]);
}

/** The message packed by {@link compactMessage}, deeply frozen. */
export function expandMessage(packed: string, table: StringTable): OutboxMessage {
  const parsed = JSON.parse(packed) as unknown;
  if (typeof parsed === 'string') return frozenFromJson<OutboxMessage>(parsed);
  const [id, seq, at, to, kind, subject, lines, jobId, orderId, productCode] = parsed as [
    string,
    number,
    number,
    Ref,
    Ref,
    Ref,
    Ref[],
    string | null,
    string | null,
    Ref | null,
  ];
  const message: OutboxMessage = {
    id,
    seq,
    at,
    to: text(to, table),
    kind: text(kind, table) as OutboxMessage['kind'],
    subject: text(subject, table),
    text: lines.map((line) => text(line, table)).join('\n'),
    refs: {
      jobId,
      orderId,
      productCode: nullableText(productCode, table),
    },
  };
  freezeParsed(message);
  return message;
}
