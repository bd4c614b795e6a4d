import { describe, expect, it } from 'vitest';
import { createGroupIndex, createTimeIndex } from '../../src/store/record-indexes';
import { createMemoryStore } from '../../src/index';
import type { InstanceRecord } from '../../src/index';
import { instanceRecord, jobRecord } from './fixtures/records';

describe('createTimeIndex', () => {
  it('orders keys by (time, seq) and follows moves', () => {
    const ix = createTimeIndex();
    ix.move('c', 3, null, 100);
    ix.move('a', 1, null, 200);
    ix.move('b', 2, null, 100);
    expect(ix.earliest()).toBe(100);
    expect(ix.dueBy(99)).toEqual([]);
    expect(ix.dueBy(150)).toEqual(['b', 'c']);
    ix.move('c', 3, 100, 300);
    ix.move('b', 2, 100, null);
    expect(ix.dueBy(1000)).toEqual(['a', 'c']);
    expect(ix.size).toBe(2);
    ix.move('a', 1, 999, null); // not indexed at that time: nothing removed
    expect(ix.size).toBe(2);
    ix.move('a', 1, 200, null);
    ix.move('c', 3, 300, null);
    expect(ix.earliest()).toBeUndefined();
  });
});

describe('createGroupIndex', () => {
  it('groups keys and drops empty groups', () => {
    const ix = createGroupIndex();
    ix.move('j1', null, 'w');
    ix.move('j2', null, 'w');
    expect([...ix.keys('w')]).toEqual(['j1', 'j2']);
    expect(ix.count('w')).toBe(2);
    ix.move('j1', 'w', 'v');
    expect([...ix.keys('w')]).toEqual(['j2']);
    ix.move('j2', 'w', null);
    expect([...ix.keys('w')]).toEqual([]);
    expect(ix.count('w')).toBe(0);
    expect([...ix.keys('v')]).toEqual(['j1']);
  });

  it('keeps a group going from one member to two and back to one, in joining order', () => {
    const ix = createGroupIndex();
    ix.move('a', null, 'g');
    ix.move('a', null, 'g'); // the same key again: still one member
    expect([...ix.keys('g')]).toEqual(['a']);
    expect(ix.count('g')).toBe(1);
    ix.move('b', null, 'g');
    ix.move('c', null, 'g');
    expect([...ix.keys('g')]).toEqual(['a', 'b', 'c']);
    ix.move('a', 'g', null);
    ix.move('c', 'g', 'h');
    expect([...ix.keys('g')]).toEqual(['b']);
    expect(ix.count('g')).toBe(1);
    ix.move('d', null, 'g');
    expect([...ix.keys('g')]).toEqual(['b', 'd']);
    ix.move('x', 'g', null); // not a member: nothing changes
    ix.move('b', 'g', null);
    ix.move('d', 'g', null);
    expect(ix.count('g')).toBe(0);
    expect([...ix.keys('h')]).toEqual(['c']);
  });
});

const job = jobRecord;

const instance = (ref: string, instanceId: string, deadlineAt: number | null): InstanceRecord =>
  instanceRecord(ref, 1, { instanceId, deadlineAt });

describe('memory store indexes', () => {
  it('follow every change of the indexed fields', () => {
    const s = createMemoryStore();
    s.putJob(
      job('J1', 1, { nextAttemptAt: 10, refs: { ...job('x', 0).refs, instanceRef: 'I1', orderId: 'A' } }),
    );
    s.putJob(
      job('J2', 2, { waitingFor: 'J1', refs: { ...job('x', 0).refs, instanceRef: 'I2', orderId: 'B' } }),
    );
    expect(s.listJobs({ instanceRef: 'I2' }).map((j) => j.id)).toEqual(['J2']);
    expect(s.listJobs({ orderId: 'A', state: 'PENDING' }).map((j) => j.id)).toEqual(['J1']);
    // J2 moves to another instance, stops waiting and becomes due; J1 finishes.
    s.putJob(
      job('J2', 2, { nextAttemptAt: 5, refs: { ...job('x', 0).refs, instanceRef: 'I1', orderId: 'A' } }),
    );
    s.putJob(job('J1', 1, { state: 'SUCCEEDED' }));
    expect(s.listJobs({ waitingFor: 'J1' })).toEqual([]);
    expect(s.listJobs({ instanceRef: 'I2' })).toEqual([]);
    expect(s.listJobs({ instanceRef: 'I1', state: 'PENDING' }).map((j) => j.id)).toEqual(['J2']);
    expect(s.listJobs({ orderId: 'B' })).toEqual([]);
    expect(s.jobsDueBy(100).map((j) => j.id)).toEqual(['J2']);
    expect(s.nextJobDueAt()).toBe(5);
    expect(s.listJobs({ state: 'SUCCEEDED', instanceRef: 'nowhere' })).toEqual([]);
  });

  it('are restored when a transaction rolls back, including across clear()', () => {
    const s = createMemoryStore();
    s.putJob(job('J1', 1, { nextAttemptAt: 10, waitingFor: null }));
    s.putInstance(instance('I1', 'seller-1', 50));
    expect(() =>
      s.transaction(() => {
        s.putJob(job('J1', 1, { nextAttemptAt: null, waitingFor: 'J9', state: 'RUNNING' }));
        s.putJob(job('J2', 2, { nextAttemptAt: 1 }));
        s.putInstance(instance('I1', 'seller-2', null));
        s.clear();
        s.putJob(job('J3', 3, { nextAttemptAt: 2 }));
        throw new Error('boom');
      }),
    ).toThrow('boom');
    expect(s.nextJobDueAt()).toBe(10);
    expect(s.jobsDueBy(100).map((j) => j.id)).toEqual(['J1']);
    expect(s.listJobs({ waitingFor: 'J9' })).toEqual([]);
    expect(s.listJobs({ state: 'PENDING' }).map((j) => j.id)).toEqual(['J1']);
    expect(s.listJobs({ state: 'RUNNING' })).toEqual([]);
    expect(s.nextInstanceDeadline()).toBe(50);
    expect(s.findInstanceByInstanceId('seller-1')?.ref).toBe('I1');
    expect(s.findInstanceByInstanceId('seller-2')).toBeUndefined();
  });

  it('keep a group of one growing to two and back, also when a transaction rolls back', () => {
    const s = createMemoryStore();
    const onOrder = (id: string, seq: number, orderId: string) =>
      job(id, seq, { refs: { ...job('x', 0).refs, orderId, instanceRef: `I-${orderId}` } });
    s.putJob(onOrder('J1', 1, 'A'));
    expect(() =>
      s.transaction(() => {
        s.putJob(onOrder('J2', 2, 'A'));
        expect(s.listJobs({ orderId: 'A' }).map((j) => j.id)).toEqual(['J1', 'J2']);
        s.putJob(onOrder('J1', 1, 'B'));
        expect(s.listJobs({ orderId: 'A' }).map((j) => j.id)).toEqual(['J2']);
        throw new Error('boom');
      }),
    ).toThrow('boom');
    expect(s.listJobs({ orderId: 'A' }).map((j) => j.id)).toEqual(['J1']);
    expect(s.listJobs({ orderId: 'B' })).toEqual([]);
    s.putJob(onOrder('J2', 2, 'A'));
    s.putJob(onOrder('J3', 3, 'A'));
    s.putJob(onOrder('J1', 1, 'B'));
    expect(s.listJobs({ orderId: 'A' }).map((j) => j.id)).toEqual(['J2', 'J3']);
    expect(s.listJobs({ orderId: 'A', instanceRef: 'I-A' }).map((j) => j.id)).toEqual(['J2', 'J3']);
    expect(s.listJobs({ orderId: 'B', instanceRef: 'I-A' })).toEqual([]);
  });

  it('hands out frozen records from indexed queries too', () => {
    const s = createMemoryStore();
    s.putJob(job('J1', 1, { nextAttemptAt: 10, waitingFor: 'J0' }));
    const [due] = s.jobsDueBy(10);
    expect(() => {
      due!.body.activity = 'changed';
    }).toThrow(TypeError);
    const [waiting] = s.listJobs({ waitingFor: 'J0' });
    expect(() => {
      waiting!.refs.orderId = 'changed';
    }).toThrow(TypeError);
    expect(s.getJob('J1')).toMatchObject({ body: { activity: 'newInstance' }, refs: { orderId: 'CS1' } });
  });
});
