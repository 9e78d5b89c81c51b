/**
 * The repository stands on its own: what a user or contributor needs is in `docs/`, so no
 * source file, test, script, doc or example may point at notes kept outside it (the team's
 * shared design and platform notes, a `../shared` folder). And every `docs/*.md` a file
 * cites, and every file a Markdown link points to, must exist, so a citation cannot rot
 * into a dead end either.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../../..', import.meta.url));
const SELF = fileURLToPath(import.meta.url);

/** What the repository consists of, apart from dependencies, build output and state. */
const FOLDERS = ['src', 'docs', 'test', 'bench', 'scripts', 'contrib', '.ci', 'inventory', 'templates', 'rules', 'baselines'];
const FILES = ['README.md', 'package.json', 'eslint.config.js', 'tsconfig.json'];

/** Notes outside the repository; cite docs/architecture.md, docs/platforms.md or another page of docs/ instead. */
const OUTSIDE = [/\bDESIGN(?:\.md\b|\s*§)/, /\bPLATFORM-NOTES\b/, /\bSTYLE\.md\b/, /(?:^|[^\w.])\.\.\/shared\b/, /\/work\/shared\b/];

function files(): string[] {
  const out: string[] = [];
  const walk = (dir: string): void => {
    for (const name of readdirSync(dir).sort()) {
      if (name === 'node_modules') continue;
      const path = join(dir, name);
      if (statSync(path).isDirectory()) walk(path);
      else out.push(path);
    }
  };
  for (const f of FOLDERS) if (existsSync(join(ROOT, f))) walk(join(ROOT, f));
  for (const f of FILES) if (existsSync(join(ROOT, f))) out.push(join(ROOT, f));
  return out.filter((p) => p !== SELF);
}

/** `file:line: text` for every line that matches `re`. */
function hits(re: RegExp): string[] {
  const out: string[] = [];
  for (const path of files()) {
    const lines = readFileSync(path, 'utf8').split('\n');
    lines.forEach((line, i) => {
      if (re.test(line)) out.push(`${relative(ROOT, path)}:${i + 1}: ${line.trim()}`);
    });
  }
  return out;
}

test('nothing cites notes kept outside the repository', () => {
  const found = OUTSIDE.flatMap((re) => hits(re));
  assert.deepEqual(found, [], `cite a page of docs/ (docs/architecture.md, docs/platforms.md, …) instead of:\n${found.join('\n')}`);
});

test('every docs/*.md that a file cites exists', () => {
  const missing = new Set<string>();
  for (const path of files()) {
    for (const m of readFileSync(path, 'utf8').matchAll(/\bdocs\/([\w.-]+\.md)\b/g)) {
      if (!existsSync(join(ROOT, 'docs', m[1]!))) missing.add(`${relative(ROOT, path)}: docs/${m[1]!}`);
    }
  }
  assert.deepEqual([...missing], []);
});

test('every file a Markdown link points to exists', () => {
  const missing: string[] = [];
  for (const path of files().filter((p) => p.endsWith('.md'))) {
    for (const m of readFileSync(path, 'utf8').matchAll(/\]\(([^)\s#]+)(?:#[^)\s]*)?\)/g)) {
      const target = m[1]!;
      if (/^[a-z]+:/i.test(target)) continue; // https:, mailto:
      if (!existsSync(join(dirname(path), target))) missing.push(`${relative(ROOT, path)}: ${target}`);
    }
  }
  assert.deepEqual(missing, []);
});
