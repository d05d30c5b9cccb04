import { test } from 'node:test';
import assert from 'node:assert/strict';
import { formatUptime, parseStreamList } from './stream-list';

test('reads objects with the usual fields', () => {
  const list = parseStreamList([
    {
      name: 'demo',
      live: true,
      startedAt: '2026-11-25T08:00:00Z',
      viewers: 12,
      renditions: [
        { name: 'low', width: 640, height: 360, bandwidth: 800000 },
        { name: 'main', width: 1280, height: 720, bandwidth: 2800000 },
      ],
    },
  ]);
  assert.deepEqual(list, [
    {
      name: 'demo',
      live: true,
      startedAt: new Date('2026-11-25T08:00:00Z'),
      viewers: 12,
      bestResolution: '1280×720',
    },
  ]);
});

test('tolerates missing fields and other spellings', () => {
  const list = parseStreamList({
    streams: [{ stream: 'a' }, { name: 'b', state: 'Ended' }, { name: 'c', status: 'live', viewerCount: 3 }],
  });
  assert.deepEqual(
    list.map((s) => [s.name, s.live, s.viewers, s.startedAt, s.bestResolution]),
    [
      ['a', true, null, null, null],
      ['c', true, 3, null, null],
      ['b', false, null, null, null],
    ],
  );
});

test('an end time or ended flag marks a stream as ended', () => {
  const list = parseStreamList([
    { name: 'x', endedAt: '2026-11-25T08:00:00Z' },
    { name: 'y', ended: true },
    { name: 'z', ended: false },
  ]);
  assert.deepEqual(
    list.map((s) => [s.name, s.live]),
    [
      ['z', true],
      ['x', false],
      ['y', false],
    ],
  );
});

test('plain names are live streams', () => {
  assert.deepEqual(
    parseStreamList(['b', 'a']).map((s) => s.name),
    ['a', 'b'],
  );
});

test('invalid names, duplicates and junk are skipped', () => {
  const list = parseStreamList([
    { name: '../etc' },
    { name: 'Demo' },
    { name: '<script>' },
    { name: 42 },
    null,
    7,
    [],
    { name: 'ok' },
    { name: 'ok', live: false },
  ]);
  assert.deepEqual(
    list.map((s) => [s.name, s.live]),
    [['ok', true]],
  );
});

test('a body that is not a list is an empty list', () => {
  assert.deepEqual(parseStreamList(null), []);
  assert.deepEqual(parseStreamList({}), []);
  assert.deepEqual(parseStreamList('demo'), []);
});

test('bad dates and counts are null', () => {
  const [entry] = parseStreamList([{ name: 'a', startedAt: 'yesterday', viewers: -1 }]);
  assert.equal(entry?.startedAt, null);
  assert.equal(entry?.viewers, null);
});

test('formatUptime is coarse', () => {
  const t0 = new Date('2026-11-25T08:00:00Z');
  const at = (s: number): Date => new Date(t0.getTime() + s * 1000);
  assert.equal(formatUptime(t0, at(42)), '42 s');
  assert.equal(formatUptime(t0, at(60 * 7 + 5)), '7 min');
  assert.equal(formatUptime(t0, at(3600 + 5 * 60)), '1 h 05 min');
  assert.equal(formatUptime(t0, at(-5)), '0 s');
});
