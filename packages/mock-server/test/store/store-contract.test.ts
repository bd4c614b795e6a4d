import { describe, expect, it } from 'vitest';
import {
  createMemoryStore,
  createSqliteStore,
  type InstanceRecord,
  type JobRecord,
  type MarketStore,
  EngineErrorCodes,
} from '../../src/index';
import { attemptRecord, instanceRecord, jobRecord, orderRecord } from './fixtures/records';

const order = orderRecord;

const job = (
  id: string,
  seq: number,
  nextAttemptAt: number | null,
  patch: Partial<JobRecord> = {},
): JobRecord => jobRecord(id, seq, { nextAttemptAt, ...patch });

const instance = (
  ref: string,
  seq: number,
  deadlineAt: number | null,
  patch: Partial<InstanceRecord> = {},
): InstanceRecord => instanceRecord(ref, seq, { deadlineAt, ...patch });

const stores: Array<[string, () => MarketStore]> = [
  ['memory', () => createMemoryStore()],
  ['sqlite', () => createSqliteStore({ path: ':memory:' })],
];

describe.each(stores)('%s store contract', (_kind, make) => {
  it('keeps its own copy and hands out deeply frozen records', () => {
    const s = make();
    const o = order('CS1', 1);
    s.putOrder(o);
    // The caller's object stays the caller's: changing it later changes nothing stored, and it is not frozen.
    o.state = 'CANCELED';
    o.lines.push({} as never);
    expect(Object.isFrozen(o)).toBe(false);
    const read = s.getOrder('CS1')!;
    expect(read).toMatchObject({ state: 'PENDING_PAYMENT', lines: [] });
    // What comes back is an immutable snapshot, at every depth and from every kind of read.
    expect(() => read.lines.push({} as never)).toThrow(TypeError);
    expect(() => {
      (read as { state: string }).state = 'CANCELED';
    }).toThrow(TypeError);
    expect(Object.isFrozen(read.history)).toBe(true);
    expect(Object.isFrozen(s.listOrders()[0])).toBe(true);
    s.putJob(job('J1', 1, null));
    s.putAttempt(attemptRecord('J1', 1, 'FAILED'));
    expect(Object.isFrozen(s.getJob('J1')!.body)).toBe(true);
    expect(Object.isFrozen(s.listAttempts({ jobId: 'J1' })[0]!.problems)).toBe(true);
    // A new version is written by spreading the snapshot.
    s.putOrder({ ...read, state: 'COMPLETED' });
    expect(s.getOrder('CS1')).toMatchObject({ state: 'COMPLETED', lines: [] });
    expect(read.state).toBe('PENDING_PAYMENT');
    expect(s.getOrder('nope')).toBeUndefined();
  });

  it('lists by creation order and filters', () => {
    const s = make();
    s.putOrder(order('CS3', 3, { state: 'COMPLETED' }));
    s.putOrder(order('CS1', 1));
    s.putOrder(order('CS2', 2, { orderType: 'RENEW', buyerId: 'b2' }));
    expect(s.listOrders().map((o) => o.orderId)).toEqual(['CS1', 'CS2', 'CS3']);
    expect(s.listOrders({ state: 'COMPLETED' }).map((o) => o.orderId)).toEqual(['CS3']);
    expect(s.listOrders({ orderType: 'RENEW', buyerId: 'b2' }).map((o) => o.orderId)).toEqual(['CS2']);
    expect(s.listOrders({ buyerId: 'nobody' })).toEqual([]);
  });

  it('indexes due jobs by (time, creation order)', () => {
    const s = make();
    s.putJob(job('J3', 3, 100));
    s.putJob(job('J1', 1, 200));
    s.putJob(job('J2', 2, 100));
    s.putJob(job('J4', 4, null, { waitingFor: 'J1' }));
    expect(s.nextJobDueAt()).toBe(100);
    expect(s.jobsDueBy(150).map((j) => j.id)).toEqual(['J2', 'J3']);
    expect(s.jobsDueBy(200).map((j) => j.id)).toEqual(['J2', 'J3', 'J1']);
    s.putJob(job('J2', 2, null, { state: 'SUCCEEDED' }));
    s.putJob(job('J3', 3, null, { state: 'SUCCEEDED' }));
    expect(s.nextJobDueAt()).toBe(200);
    expect(s.listJobs({ waitingFor: 'J1' }).map((j) => j.id)).toEqual(['J4']);
    expect(s.listJobs({ state: 'SUCCEEDED' }).map((j) => j.id)).toEqual(['J2', 'J3']);
    s.putJob(job('J1', 1, null));
    expect(s.nextJobDueAt()).toBeUndefined();
  });

  it('indexes instance deadlines and finds instances by seller id', () => {
    const s = make();
    s.putInstance(instance('I2', 2, 50, { instanceId: 'seller-2' }));
    s.putInstance(instance('I1', 1, 50));
    s.putInstance(instance('I3', 3, 10));
    expect(s.nextInstanceDeadline()).toBe(10);
    expect(s.instancesDueBy(50).map((i) => i.ref)).toEqual(['I3', 'I1', 'I2']);
    s.putInstance(instance('I3', 3, null, { state: 'released' }));
    expect(s.nextInstanceDeadline()).toBe(50);
    expect(s.findInstanceByInstanceId('seller-2')?.ref).toBe('I2');
    expect(s.findInstanceByInstanceId('nope')).toBeUndefined();
    expect(s.listInstances({ state: 'released' }).map((i) => i.ref)).toEqual(['I3']);
  });

  it('keeps business-flow records by (kind, id), lists them by order and indexes their timers', () => {
    const s = make();
    const flow = (kind: 'supervision' | 'licence', id: string, seq: number, dueAt: number | null) => ({
      kind,
      id,
      seq,
      orderId: `O${seq % 2}`,
      dueAt,
      data: { n: seq },
    });
    s.putFlow(flow('supervision', 'a', 1, 300));
    s.putFlow(flow('licence', 'a', 2, 100));
    s.putFlow(flow('supervision', 'b', 3, null));
    s.putFlow(flow('supervision', 'c', 4, 100));
    expect(s.getFlow('licence', 'a')?.data).toEqual({ n: 2 });
    expect(s.listFlows({ kind: 'supervision' }).map((f) => f.id)).toEqual(['a', 'b', 'c']);
    expect(s.listFlows({ orderId: 'O1' }).map((f) => `${f.kind}:${f.id}`)).toEqual([
      'supervision:a',
      'supervision:b',
    ]);
    expect(s.nextFlowDueAt()).toBe(100);
    expect(s.flowsDueBy(100).map((f) => `${f.kind}:${f.id}`)).toEqual(['licence:a', 'supervision:c']);
    s.putFlow({ ...flow('licence', 'a', 2, null) });
    expect(s.flowsDueBy(1000).map((f) => f.id)).toEqual(['c', 'a']);
    s.close();
  });

  it('keeps attempts per job in order', () => {
    const s = make();
    s.putJob(job('J2', 2, null));
    s.putJob(job('J1', 1, null));
    const attempt = attemptRecord;
    s.putAttempt(attempt('J2', 1, 'FAILED'));
    s.putAttempt(attempt('J1', 2, 'RUNNING'));
    s.putAttempt(attempt('J1', 1, 'FAILED'));
    expect(s.listAttempts().map((a) => `${a.jobId}#${a.no}`)).toEqual(['J1#1', 'J1#2', 'J2#1']);
    expect(s.listAttempts({ state: 'RUNNING' }).map((a) => `${a.jobId}#${a.no}`)).toEqual(['J1#2']);
    s.putAttempt({ ...attempt('J1', 2, 'FAILED') });
    expect(s.getAttempt('J1', 2)?.state).toBe('FAILED');
    expect(s.listAttempts({ jobId: 'J1' })).toHaveLength(2);
  });

  it('rolls attempts back: a new one, a replaced one, a new job, and all of them across clear()', () => {
    const s = make();
    s.putJob(job('J1', 1, null));
    s.putJob(job('J2', 2, null));
    s.putAttempt(attemptRecord('J1', 1, 'FAILED'));
    s.putAttempt(attemptRecord('J1', 2, 'RUNNING'));
    const before = s.listAttempts();
    expect(() =>
      s.transaction(() => {
        s.putAttempt(attemptRecord('J1', 2, 'SUCCEEDED'));
        s.putAttempt(attemptRecord('J1', 3, 'FAILED'));
        s.putAttempt(attemptRecord('J2', 1, 'RUNNING'));
        s.putAttempt(attemptRecord('J9', 1, 'FAILED')); // no such job: listed last
        expect(s.listAttempts().map((a) => `${a.jobId}#${a.no}:${a.state}`)).toEqual([
          'J1#1:FAILED',
          'J1#2:SUCCEEDED',
          'J1#3:FAILED',
          'J2#1:RUNNING',
          'J9#1:FAILED',
        ]);
        s.clear();
        s.putAttempt(attemptRecord('J1', 1, 'SUCCEEDED'));
        throw new Error('boom');
      }),
    ).toThrow('boom');
    expect(s.listAttempts()).toEqual(before);
    expect(s.getAttempt('J1', 2)?.state).toBe('RUNNING');
    expect(Object.isFrozen(s.getAttempt('J1', 2))).toBe(true);
    expect(s.getAttempt('J1', 3)).toBeUndefined();
    expect(s.listAttempts({ jobId: 'J2' })).toEqual([]);
    expect(s.listAttempts({ jobId: 'J9' })).toEqual([]);
    s.clear();
    expect(s.listAttempts()).toEqual([]);
    expect(s.getAttempt('J1', 1)).toBeUndefined();
  });

  it('rolls a failed transaction back completely', () => {
    const s = make();
    s.setMeta('k', 'before');
    s.putOrder(order('CS1', 1));
    expect(() =>
      s.transaction(() => {
        s.setMeta('k', 'after');
        expect(s.nextSequence('job')).toBe(1);
        s.putOrder(order('CS1', 1, { state: 'PROCESSING' }));
        s.putOrder(order('CS2', 2));
        s.putJob(job('J1', 1, 5));
        s.appendOutbox({
          id: 'M1',
          seq: 1,
          at: 0,
          to: 'x@y',
          kind: 'CALL_FAILED',
          subject: 's',
          text: 't',
          refs: { jobId: null, orderId: null, productCode: null },
        });
        s.transaction(() =>
          s.putDebugCase({
            id: 'D1',
            seq: 1,
            productCode: 'crm',
            interface: 'queryInstance',
            body: {},
            createdAt: 0,
          }),
        );
        throw new Error('boom');
      }),
    ).toThrow('boom');
    expect(s.getMeta('k')).toBe('before');
    expect(s.nextSequence('job')).toBe(1);
    expect(s.listOrders().map((o) => [o.orderId, o.state])).toEqual([['CS1', 'PENDING_PAYMENT']]);
    expect(s.nextJobDueAt()).toBeUndefined();
    expect(s.listOutbox()).toEqual([]);
    expect(s.listDebugCases()).toEqual([]);
  });

  it('counts sequences, deletes debug cases, clears and closes', () => {
    const s = make();
    expect([s.nextSequence('a'), s.nextSequence('a'), s.nextSequence('b')]).toEqual([1, 2, 1]);
    s.putDebugCase({
      id: 'D1',
      seq: 1,
      productCode: 'crm',
      interface: 'queryInstance',
      body: { x: 1 },
      createdAt: 0,
    });
    expect(s.deleteDebugCase('D1')).toBe(true);
    expect(s.deleteDebugCase('D1')).toBe(false);
    s.putOrder(order('CS1', 1));
    s.putProductState({
      productCode: 'crm',
      delisted: true,
      delistedAt: 1,
      delistReason: 'FAILED_ORDERS',
      tradingFrozen: false,
      tradingFrozenAt: null,
      failedOrdersByMonth: { '2025-03': 6 },
      probeFailedDays: [],
    });
    expect(s.dump()).toMatchObject({
      orders: [{ orderId: 'CS1' }],
      products: [{ productCode: 'crm', delisted: true }],
    });
    s.clear();
    expect(s.dump()).toEqual({
      meta: {},
      buyers: [],
      orders: [],
      instances: [],
      jobs: [],
      attempts: [],
      outbox: [],
      products: [],
      debugCases: [],
      flows: [],
    });
    expect(s.nextSequence('a')).toBe(1);
    s.close();
    expect(() => s.getOrder('CS1')).toThrow(/closed/);
    expect(() => s.putOrder(order('CS2', 2))).toThrow(
      expect.objectContaining({ code: EngineErrorCodes.STORE_CLOSED }) as Error,
    );
  });
});
