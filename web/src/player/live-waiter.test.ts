import { test } from 'node:test';
import assert from 'node:assert/strict';
import { LiveWaiter } from './live-waiter';
import type { StreamStatus } from './stream-probe';

function until(predicate: () => boolean, timeoutMs = 2_000): Promise<void> {
  const started = Date.now();
  return new Promise((resolve, reject) => {
    const check = (): void => {
      if (predicate()) {
        resolve();
      } else if (Date.now() - started > timeoutMs) {
        reject(new Error('condition not met in time'));
      } else {
        setTimeout(check, 1);
      }
    };
    check();
  });
}

test('polls until live, reports each offline answer, then stops', async () => {
  const answers: StreamStatus[] = ['absent', 'unreachable', 'ended', 'live', 'live'];
  const seen: string[] = [];
  let live = 0;
  const waiter = new LiveWaiter({
    probe: async () => answers.shift() ?? 'absent',
    onStatus: (s) => seen.push(s),
    onLive: () => live++,
    intervalMs: 1,
  });
  waiter.start();
  await until(() => live === 1);
  assert.deepEqual(seen, ['absent', 'unreachable', 'ended']);
  assert.equal(waiter.probes, 4);
  assert.equal(waiter.running, false);
  await new Promise((r) => setTimeout(r, 20));
  assert.equal(waiter.probes, 4);
  assert.equal(live, 1);
});

test('probes never overlap', async () => {
  let inFlight = 0;
  let maxInFlight = 0;
  const waiter = new LiveWaiter({
    probe: async () => {
      inFlight++;
      maxInFlight = Math.max(maxInFlight, inFlight);
      await new Promise((r) => setTimeout(r, 5));
      inFlight--;
      return 'absent';
    },
    onStatus: () => {},
    onLive: () => {},
    intervalMs: 0,
  });
  waiter.start();
  waiter.start();
  await until(() => waiter.probes >= 5);
  waiter.destroy();
  assert.equal(maxInFlight, 1);
});

test('destroy stops polling and drops the answer of a probe in flight', async () => {
  let resolveProbe: (s: StreamStatus) => void = () => {};
  let live = 0;
  let statuses = 0;
  const waiter = new LiveWaiter({
    probe: () => new Promise<StreamStatus>((r) => (resolveProbe = r)),
    onStatus: () => statuses++,
    onLive: () => live++,
    intervalMs: 1,
  });
  waiter.start();
  waiter.destroy();
  resolveProbe('live');
  await new Promise((r) => setTimeout(r, 10));
  assert.equal(live, 0);
  assert.equal(statuses, 0);
  assert.equal(waiter.probes, 1);
});

test('a negative or non-finite interval is a caller bug', () => {
  const probe = async (): Promise<StreamStatus> => 'absent';
  assert.throws(() => new LiveWaiter({ probe, onStatus: () => {}, onLive: () => {}, intervalMs: -1 }), RangeError);
  assert.throws(
    () => new LiveWaiter({ probe, onStatus: () => {}, onLive: () => {}, intervalMs: Number.NaN }),
    RangeError,
  );
});

test('start with a delay waits before the first probe', async () => {
  const waiter = new LiveWaiter({
    probe: async () => 'absent',
    onStatus: () => {},
    onLive: () => {},
    intervalMs: 1_000,
  });
  waiter.start(30);
  assert.equal(waiter.probes, 0);
  await new Promise((r) => setTimeout(r, 5));
  assert.equal(waiter.probes, 0);
  await until(() => waiter.probes === 1);
  waiter.destroy();
});
