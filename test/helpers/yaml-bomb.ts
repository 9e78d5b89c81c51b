/**
 * A "billion laughs" YAML document: each level is a list of aliases of the level before,
 * so a few hundred bytes of text name `width ** levels` strings. js-yaml parses it cheaply (an
 * alias is a shared reference); whatever walks the result expands it.
 */

/** The document's text (top-level keys `a`, `b`, …), and the same indented to nest under a key. */
interface AliasBomb {
  readonly text: string;
  indented(spaces: number): string;
}

/** `levels` levels (the last names `width ** levels` strings) of `width` items each. */
export function aliasBomb(levels = 9, width = 10): AliasBomb {
  const names = 'abcdefghijklmnopqrstuvwxyz'.slice(0, levels).split('');
  const lines = names.map((n, i) => `${n}: &${n} [${Array.from({ length: width }, () => (i === 0 ? '"lol"' : `*${names[i - 1]}`)).join(', ')}]`);
  return {
    text: lines.join('\n'),
    indented: (spaces) => lines.map((l) => `${' '.repeat(spaces)}${l}`).join('\n'),
  };
}
