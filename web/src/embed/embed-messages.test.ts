import { test } from 'node:test';
import assert from 'node:assert/strict';
import { embedEvent, parseEmbedCommand } from './embed-messages';

test('messages without the streamswarm key are foreign and ignored', () => {
  for (const data of [null, undefined, 'play', 42, [], ['streamswarm'], { command: 'play' }, { type: 'webpackOk' }]) {
    assert.deepEqual(parseEmbedCommand(data), { kind: 'foreign' }, JSON.stringify(data));
  }
});

test('every known command is accepted', () => {
  for (const command of ['play', 'pause', 'mute', 'seekToLive']) {
    const parsed = parseEmbedCommand({ streamswarm: 1, command });
    assert.equal(parsed.kind, 'command', command);
    assert.equal(parsed.kind === 'command' && parsed.command.command, command);
  }
  assert.deepEqual(parseEmbedCommand({ streamswarm: 1, command: 'mute', muted: false, id: 'm1' }), {
    kind: 'command',
    command: { streamswarm: 1, command: 'mute', muted: false, id: 'm1' },
  });
});

test('bad messages of ours are invalid with a reason, and keep a usable id', () => {
  const cases: [unknown, RegExp][] = [
    [{ streamswarm: 2, command: 'play' }, /version 2/],
    [{ streamswarm: '1', command: 'play' }, /version "1"/],
    [{ streamswarm: 1 }, /command is missing/],
    [{ streamswarm: 1, command: 7 }, /command is missing/],
    [{ streamswarm: 1, command: 'explode', id: 5 }, /unknown command "explode"/],
    [{ streamswarm: 1, command: 'PLAY' }, /unknown command/],
    [{ streamswarm: 1, command: 'mute', muted: 'yes' }, /muted must be true or false/],
    [{ streamswarm: 1, command: 'play', muted: true }, /unexpected field "muted"/],
    [{ streamswarm: 1, command: 'play', extra: 1 }, /unexpected field "extra"/],
    [{ streamswarm: 1, command: 'play', id: { x: 1 } }, /id must be/],
    [{ streamswarm: 1, command: 'play', id: 'x'.repeat(129) }, /id must be/],
  ];
  for (const [data, reason] of cases) {
    const parsed = parseEmbedCommand(data);
    assert.equal(parsed.kind, 'invalid', JSON.stringify(data));
    assert.match(parsed.kind === 'invalid' ? parsed.reason : '', reason, JSON.stringify(data));
  }
  const withId = parseEmbedCommand({ streamswarm: 1, command: 'explode', id: 5 });
  assert.equal(withId.kind === 'invalid' && withId.id, 5);
});

test('events carry the version, stream and sequence number', () => {
  assert.deepEqual(embedEvent('playing', 'demo', 3, { latencySeconds: 2 }), {
    streamswarm: 1,
    event: 'playing',
    stream: 'demo',
    seq: 3,
    data: { latencySeconds: 2 },
  });
});
