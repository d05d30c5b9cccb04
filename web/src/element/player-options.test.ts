import { test } from 'node:test';
import assert from 'node:assert/strict';
import { httpUrl, parsePlayerOptions, type PlayerOptionName } from './player-options';

const PAGE = 'https://site.example/blog/post.html';
const SERVER = 'https://live.example/';

function parse(attrs: Partial<Record<PlayerOptionName, string>>) {
  return parsePlayerOptions((name) => attrs[name] ?? null, PAGE, SERVER);
}

test('defaults: autoplay muted with controls and P2P on the default server', () => {
  const { options, problems } = parse({ stream: 'demo' });
  assert.deepEqual(options, { server: SERVER, stream: 'demo', autoplay: true, muted: true, controls: true, p2p: true, poster: null });
  assert.deepEqual(problems, []);
});

test('boolean words and the bare attribute are understood, in any case', () => {
  for (const [value, expected] of [['', true], ['true', true], ['ON', true], ['yes', true], ['1', true], ['p2p', true], ['false', false], ['Off', false], ['no', false], ['0', false]] as const) {
    const { options, problems } = parse({ stream: 'demo', p2p: value });
    assert.equal(options.p2p, expected, value);
    assert.deepEqual(problems, [], value);
  }
});

test('muted follows autoplay unless given', () => {
  assert.equal(parse({ stream: 'demo', autoplay: 'off' }).options.muted, false);
  assert.equal(parse({ stream: 'demo', autoplay: 'off', muted: '' }).options.muted, true);
  assert.equal(parse({ stream: 'demo', muted: 'false' }).options.muted, false);
});

test('a bad boolean is reported and the default kept', () => {
  const { options, problems } = parse({ stream: 'demo', controls: 'maybe', autoplay: 'sometimes' });
  assert.equal(options.controls, true);
  assert.equal(options.autoplay, true);
  assert.deepEqual(problems.map((p) => p.option).sort(), ['autoplay', 'controls']);
  assert.match(problems.find((p) => p.option === 'controls')?.message ?? '', /controls="maybe".*using on/);
});

test('server: relative URLs resolve against the page, other schemes and credentials are refused', () => {
  assert.equal(parse({ stream: 'demo', server: '/' }).options.server, 'https://site.example/');
  assert.equal(parse({ stream: 'demo', server: 'http://127.0.0.1:8080' }).options.server, 'http://127.0.0.1:8080/');
  for (const bad of ['javascript:alert(1)', 'ftp://x.example', 'https://user:pw@x.example', 'http://[bad']) {
    const { options, problems } = parse({ stream: 'demo', server: bad });
    assert.equal(options.server, SERVER, bad);
    assert.equal(problems[0]?.option, 'server', bad);
  }
});

test('stream: missing or not a stream name gives null and a problem', () => {
  for (const bad of [undefined, '', '  ', 'Demo', '../x', 'a b', 'x'.repeat(65)]) {
    const { options, problems } = parse(bad === undefined ? {} : { stream: bad });
    assert.equal(options.stream, null, String(bad));
    assert.equal(problems.length, 1, String(bad));
    assert.equal(problems[0]?.option, 'stream');
  }
  assert.equal(parse({ stream: ' demo ' }).options.stream, 'demo');
});

test('poster: http(s) or relative, anything else dropped with a problem', () => {
  assert.equal(parse({ stream: 'demo', poster: 'img/p.jpg' }).options.poster, 'https://site.example/blog/img/p.jpg');
  const { options, problems } = parse({ stream: 'demo', poster: 'javascript:void(0)' });
  assert.equal(options.poster, null);
  assert.equal(problems[0]?.option, 'poster');
  assert.equal(parse({ stream: 'demo', poster: '' }).options.poster, null);
});

test('httpUrl keeps only http(s) without user info', () => {
  assert.equal(httpUrl('https://a.example/x', PAGE), 'https://a.example/x');
  assert.equal(httpUrl('data:image/png;base64,AA', PAGE), null);
  assert.equal(httpUrl('//cdn.example/p.png', PAGE), 'https://cdn.example/p.png');
});
