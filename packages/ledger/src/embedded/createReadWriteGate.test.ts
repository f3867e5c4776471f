import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createReadWriteGate } from './createReadWriteGate.ts';

const tick = () => new Promise((resolve) => setImmediate(resolve));

describe('createReadWriteGate', () => {
  it('lets readers share, holds a writer until they finish, and holds later readers until the writer finishes', async () => {
    const gate = createReadWriteGate();
    const events: string[] = [];
    const released: Record<string, () => void> = {};
    const job = (name: string) => () =>
      new Promise<void>((resolve) => {
        events.push(`start ${name}`);
        released[name] = () => {
          events.push(`end ${name}`);
          resolve();
        };
      });

    const r1 = gate.read(job('r1'));
    const r2 = gate.read(job('r2'));
    const w = gate.write(job('w'));
    const r3 = gate.read(job('r3'));
    await tick();
    assert.deepEqual(events, ['start r1', 'start r2']);
    released.r1!();
    released.r2!();
    await Promise.all([r1, r2]);
    await tick();
    assert.deepEqual(events.slice(2), ['end r1', 'end r2', 'start w']);
    released.w!();
    await w;
    await tick();
    assert.deepEqual(events.slice(5), ['end w', 'start r3']);
    released.r3!();
    await r3;
  });

  it('runs writers one at a time, in order, and goes on after a writer fails', async () => {
    const gate = createReadWriteGate();
    const order: number[] = [];
    let inside = 0;
    const write = (n: number, fail = false) =>
      gate.write(async () => {
        inside += 1;
        assert.equal(inside, 1);
        await tick();
        order.push(n);
        inside -= 1;
        if (fail) throw new Error(`writer ${n}`);
      });
    const results = await Promise.allSettled([write(1), write(2, true), write(3)]);
    assert.deepEqual(order, [1, 2, 3]);
    assert.deepEqual(
      results.map((r) => r.status),
      ['fulfilled', 'rejected', 'fulfilled'],
    );
  });
});
