/** A log written and rotated the way syslog and logrotate do it, its lines numbered 1, 2, 3, … */
import { appendFileSync, copyFileSync, existsSync, readFileSync, renameSync, truncateSync, unlinkSync, writeFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';

/** How logrotate moves the file away: `rename` (+ create) or `copytruncate`. */
type RotateMode = 'rename' | 'copytruncate';

/** The log at `path`; `line(n)` is its n-th line, `extra(n)` what follows it (noise), if anything. */
export class RotatingLog {
  written = 0;

  constructor(
    readonly path: string,
    private readonly line: (n: number) => string,
    private readonly extra: (n: number) => string = () => '',
  ) {
    writeFileSync(path, '');
  }

  /** Appends the next `count` numbered lines. */
  append(count: number): void {
    let text = '';
    for (let i = 0; i < count; i++) {
      this.written++;
      text += this.line(this.written) + this.extra(this.written);
    }
    appendFileSync(this.path, text);
  }

  /** logrotate: `.N` → `.N+1` (those beyond `keep` deleted), then the file becomes `.1`. */
  rotate(mode: RotateMode, keep = 9): void {
    for (let n = 9; n >= 1; n--) {
      for (const ext of ['', '.gz']) {
        const from = `${this.path}.${n}${ext}`;
        if (!existsSync(from)) continue;
        if (n + 1 > keep) unlinkSync(from);
        else renameSync(from, `${this.path}.${n + 1}${ext}`);
      }
    }
    if (mode === 'rename') {
      renameSync(this.path, `${this.path}.1`);
      writeFileSync(this.path, '');
    } else {
      copyFileSync(this.path, `${this.path}.1`);
      truncateSync(this.path, 0);
    }
  }

  /** `compress`: `.N` becomes `.N.gz`; returns its uncompressed size. */
  compress(n: number): number {
    const name = `${this.path}.${n}`;
    const data = readFileSync(name);
    writeFileSync(`${name}.gz`, gzipSync(data));
    unlinkSync(name);
    return data.length;
  }
}
