import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseYaml } from '../../../src/inventory/yaml-positions.js';

const SRC = `# comment
site: hq
vars:
  mgmt: { vlan: 10, gateway: 10.10.0.1 }
  list:
    - a
    - { b: 1 }
  empty:
  "a/b~c": 1
devices:
  SW1:
    mac: 64:9d:99:00:00:01   # x
    groups: [core, access]
`;

test('every JSON pointer maps to the line and column of its key and value', () => {
  const r = parseYaml(SRC, 'x.yml');
  assert.ok(r.ok);
  const place = (p: string) => r.doc.place(p);
  assert.deepEqual(place('/site'), { value: { line: 2, column: 7 }, key: { line: 2, column: 1 } });
  assert.deepEqual(place('/vars/mgmt/gateway'), { value: { line: 4, column: 30 }, key: { line: 4, column: 21 } });
  assert.deepEqual(place('/vars/list/0'), { value: { line: 6, column: 7 } });
  assert.deepEqual(place('/vars/list/1/b'), { value: { line: 7, column: 12 }, key: { line: 7, column: 9 } });
  assert.deepEqual(place('/vars/a~1b~0c'), { value: { line: 9, column: 12 }, key: { line: 9, column: 3 } });
  assert.deepEqual(place('/devices/SW1/mac'), { value: { line: 12, column: 10 }, key: { line: 12, column: 5 } });
  assert.deepEqual(place('/devices/SW1/groups/1'), { value: { line: 13, column: 20 } });
  // An empty value sits where its key is; an unknown path falls back to its nearest ancestor.
  assert.deepEqual(place('/vars/empty'), { value: { line: 8, column: 3 }, key: { line: 8, column: 3 } });
  assert.deepEqual(place('/devices/SW1/nope/x'), place('/devices/SW1'));
  assert.deepEqual(place(''), { value: { line: 2, column: 1 } });
});

test('syntax errors become problems with the place js-yaml stopped at, in plain words', () => {
  const problem = (text: string) => {
    const r = parseYaml(text, 'b.yml');
    assert.ok(!r.ok);
    return r.problem;
  };
  assert.deepEqual(problem('a: 1\nb:\n  c: 2\n  "c": 3\n'), {
    location: { file: 'b.yml', line: 4, column: 3 },
    message: 'duplicate key "c": a key may appear only once in a mapping',
    hint: 'remove or rename one of them (other YAML tools would silently keep only the last)',
  });
  assert.deepEqual(problem('a:\n\tb: 1\n').location, { file: 'b.yml', line: 2, column: 1 });
  assert.match(problem('a:\n\tb: 1\n').message, /^tab character in indentation/);
  assert.match(problem('a: [1\n').message, /^YAML syntax error: unexpected end of the stream within a flow collection$/);
  assert.equal(problem('a: 1\n---\nb: 1\n').message, 'more than one YAML document (---) in one file');
});
