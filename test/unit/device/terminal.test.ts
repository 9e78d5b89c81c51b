import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Screen } from '../../../src/device/terminal.js';

function feedAll(chunks: string[]): { committed: string; line: string } {
  const s = new Screen();
  let committed = '';
  for (const c of chunks) {
    s.feed(c);
    committed += s.takeCommitted();
  }
  return { committed, line: s.currentLine() };
}

test('CRLF line ends become LF, and the prompt stays on the current line', () => {
  const r = feedAll(['show version\r\nFSOS Software, S5850\r\n', 'SW1#']);
  assert.equal(r.committed, 'show version\nFSOS Software, S5850\n');
  assert.equal(r.line, 'SW1#');
});

test('a CR at a chunk end and its LF in the next chunk make one line end', () => {
  const r = feedAll(['line one\r', '\nline two\r', '\nSW1#']);
  assert.equal(r.committed, 'line one\nline two\n');
  assert.equal(r.line, 'SW1#');
});

test('ANSI colour sequences vanish, also when cut by a chunk boundary', () => {
  const r = feedAll(['\x1b[1;3', '2mSW1#\x1b', '[0m']);
  assert.equal(r.line, 'SW1#');
});

test('a pager marker erased with CR + spaces + CR leaves only the next line', () => {
  const r = feedAll([' --More-- ', '\r          \rinterface eth-0-2\r\n']);
  assert.equal(r.committed, 'interface eth-0-2\n');
});

test('a pager marker erased with backspaces leaves only the next line', () => {
  const marker = ' --More-- ';
  const r = feedAll([marker, '\b'.repeat(10) + ' '.repeat(10) + '\b'.repeat(10) + ' description x\r\n']);
  assert.equal(r.committed, ' description x\n');
});

test('ESC[K after CR erases the rest of the line', () => {
  const r = feedAll(['---More---', '\r\x1b[K!\r\n']);
  assert.equal(r.committed, '!\n');
});

test('backspace editing of typed text is applied', () => {
  const r = feedAll(['shwo\b\b\bhow run\r\n']);
  assert.equal(r.committed, 'show run\n');
});

test('bells, OSC titles and charset switches print nothing', () => {
  const r = feedAll(['\x07\x1b]0;SW1\x07\x1b(BSW1#']);
  assert.equal(r.line, 'SW1#');
});

test('many plain chunks are joined without loss', () => {
  const text = Array.from({ length: 500 }, (_, i) => `line ${i}`).join('\r\n') + '\r\nSW1#';
  const chunks: string[] = [];
  for (let i = 0; i < text.length; i += 7) chunks.push(text.slice(i, i + 7));
  const r = feedAll(chunks);
  assert.equal(r.committed.split('\n').length - 1, 500);
  assert.equal(r.committed.split('\n')[499], 'line 499');
  assert.equal(r.line, 'SW1#');
});
