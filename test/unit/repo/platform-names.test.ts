/**
 * Platform names live in src/platforms only: every other part derives its list from the
 * registry there (PLATFORMS, PLATFORM_FAMILIES), so that adding a platform is a folder in
 * src/platforms, its templates and its goldens. A list typed out anywhere else silently
 * leaves the new platform out. Strings in code are checked, not comments (a comment may
 * say why a rule exists, "as IOS prints it"). The simulator (src/lab) is exempt: its
 * dialects are the simulated platforms, and the lab reports its list (SIMULATED_PLATFORMS).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import ts from 'typescript';
import { PLATFORMS, PLATFORM_FAMILIES } from '../../../src/platforms/index.js';
import { repoRoot } from '../../helpers/paths.js';

const SRC = join(repoRoot, 'src');
const EXEMPT = ['src/platforms/', 'src/lab/'];

function sourceFiles(dir: string): string[] {
  return readdirSync(dir)
    .sort()
    .flatMap((name) => {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) return sourceFiles(path);
      return name.endsWith('.ts') ? [path] : [];
    });
}

/** The text of every string literal and template-literal piece in `file`, with its line. */
function strings(file: string): { line: number; text: string }[] {
  const source = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true);
  const out: { line: number; text: string }[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node) || ts.isTemplateHead(node) || ts.isTemplateMiddle(node) || ts.isTemplateTail(node)) {
      if (!ts.isImportDeclaration(node.parent) && !ts.isExportDeclaration(node.parent)) {
        out.push({ line: source.getLineAndCharacterOfPosition(node.getStart()).line + 1, text: node.text });
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return out;
}

test('no string in src outside src/platforms (and the simulator) names a platform', () => {
  const words = [...Object.keys(PLATFORMS), ...Object.keys(PLATFORM_FAMILIES)];
  const named = new RegExp(`(?<![\\w-])(?:${words.map((w) => w.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|')})(?![\\w-])`);
  const found: string[] = [];
  for (const file of sourceFiles(SRC)) {
    const rel = relative(repoRoot, file).split('\\').join('/');
    if (EXEMPT.some((prefix) => rel.startsWith(prefix))) continue;
    for (const s of strings(file)) if (named.test(s.text)) found.push(`${rel}:${s.line}: ${JSON.stringify(s.text)}`);
  }
  assert.deepEqual(found, [], 'derive the list from src/platforms (PLATFORMS, PLATFORM_FAMILIES) instead');
});
