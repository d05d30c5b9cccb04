import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  DEFAULT_LOW_LATENCY_OPTIONS,
  effectiveLatencyTarget,
  lowLatencyHlsConfig,
  resolveLowLatencyOptions,
} from './low-latency-config';

test('the default config plays in low-latency mode 1.5 s behind the edge', () => {
  const c = lowLatencyHlsConfig();
  assert.equal(c.lowLatencyMode, true);
  assert.equal(c.liveSyncDuration, 1.5);
  assert.equal(c.liveMaxLatencyDuration, 5);
  assert.equal(c.maxLiveSyncPlaybackRate, 1.1);
  assert.equal(c.liveSyncOnStallIncrease, 0.5);
  assert.equal(c.backBufferLength, 10);
  // hls.js rejects a config mixing the duration and the count forms.
  assert.equal(c.liveSyncDurationCount, undefined);
  assert.equal(c.liveMaxLatencyDurationCount, undefined);
});

test('the defaults leave room for the 3 s glass-to-glass budget', () => {
  const d = DEFAULT_LOW_LATENCY_OPTIONS;
  // Encoder (~0.1 s) + one part (0.5 s) + upload/reload (~0.1 s) + target.
  assert.ok(0.1 + 0.5 + 0.1 + d.targetLatencySeconds <= 2.5);
  assert.ok(d.maxLatencySeconds > d.targetLatencySeconds);
});

test('options override the defaults; undefined keeps the default', () => {
  const c = lowLatencyHlsConfig({ targetLatencySeconds: 2, maxLatencySeconds: 8, maxCatchUpRate: 1 });
  assert.equal(c.liveSyncDuration, 2);
  assert.equal(c.liveMaxLatencyDuration, 8);
  assert.equal(c.maxLiveSyncPlaybackRate, 1);
  const r = resolveLowLatencyOptions({ stallBackOffSeconds: 0 });
  assert.equal(r.stallBackOffSeconds, 0);
  assert.equal(r.targetLatencySeconds, 1.5);
});

test('inconsistent options are caller bugs', () => {
  for (const bad of [
    { targetLatencySeconds: 0 },
    { targetLatencySeconds: Number.NaN },
    { targetLatencySeconds: 5, maxLatencySeconds: 5 },
    { maxLatencySeconds: Number.POSITIVE_INFINITY },
    { maxCatchUpRate: 0.9 },
    { maxCatchUpRate: 2.5 },
    { stallBackOffSeconds: -1 },
    { backBufferSeconds: -1 },
  ]) {
    assert.throws(() => resolveLowLatencyOptions(bad), RangeError, JSON.stringify(bad));
  }
});

test('PART-HOLD-BACK above the target moves the target and the seek threshold out', () => {
  const o = resolveLowLatencyOptions();
  // The server's ladder: TARGETDURATION 2, PART-HOLD-BACK 1.5.
  assert.deepEqual(effectiveLatencyTarget(o, 1.5, 2), { targetSeconds: 1.5, maxSeconds: 5 });
  assert.deepEqual(effectiveLatencyTarget(o, 1.0, 2), { targetSeconds: 1.5, maxSeconds: 5 });
  assert.deepEqual(effectiveLatencyTarget(o, 3, 2), { targetSeconds: 3, maxSeconds: 6.5 });
  assert.deepEqual(effectiveLatencyTarget(o, 0, 2), { targetSeconds: 1.5, maxSeconds: 5 });
  assert.deepEqual(effectiveLatencyTarget(o, Number.NaN, 2), { targetSeconds: 1.5, maxSeconds: 5 });
});

test('the seek threshold leaves no distance where hls.js neither speeds up nor seeks', () => {
  const o = resolveLowLatencyOptions();
  for (const td of [0.5, 1, 2, 4, 6, 10]) {
    for (const phb of [0, 1.5, 3]) {
      const { targetSeconds: t, maxSeconds: max } = effectiveLatencyTarget(o, phb, td);
      // hls.js catches up while latency - target < min(max, target + td).
      assert.ok(t + Math.min(max, t + td) >= max, `td ${td} phb ${phb}: dead zone below ${max}`);
      // After stalls hls.js moves the target out by up to td; seeking must stay behind that.
      assert.ok(max > t + td, `td ${td} phb ${phb}: threshold ${max} inside the stall back-off`);
    }
  }
});

test('a short segment playlist gets a tighter seek threshold', () => {
  const o = resolveLowLatencyOptions();
  assert.deepEqual(effectiveLatencyTarget(o, 0, 1), { targetSeconds: 1.5, maxSeconds: 4 });
});
