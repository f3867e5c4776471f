import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { allErrorCodes } from '../../packages/core/src/errors/codes.ts';
import { errorsDocPath, renderErrorsDoc } from '../../scripts/renderErrorsDoc.ts';

const root = new URL('../../', import.meta.url).pathname;

function sourceFiles(dir: string, out: string[] = []): string[] {
  for (const name of readdirSync(dir)) {
    if (name === 'node_modules' || name === 'results') continue;
    const path = join(dir, name);
    if (statSync(path).isDirectory()) sourceFiles(path, out);
    else if (name.endsWith('.ts') && !name.endsWith('.test.ts')) out.push(path);
  }
  return out;
}

describe('docs/errors.md', () => {
  it('is exactly what the catalogue and the edge tables render (run scripts/renderErrorsDoc.ts --write)', () => {
    assert.equal(readFileSync(errorsDocPath, 'utf8'), renderErrorsDoc());
  });

  it('lists every CL_ code the source uses, and the source uses no code missing from the catalogue', () => {
    const known = new Set<string>(allErrorCodes);
    const used = new Set<string>();
    for (const dir of ['packages', 'apps']) {
      for (const file of sourceFiles(join(root, dir))) {
        for (const m of readFileSync(file, 'utf8').matchAll(/'(CL_[A-Z0-9_]+)'/g)) used.add(m[1]!);
      }
    }
    const unknown = [...used].filter((c) => !known.has(c));
    assert.deepEqual(unknown, [], `codes used but not in the catalogue: ${unknown.join(', ')}`);
    const doc = readFileSync(errorsDocPath, 'utf8');
    for (const code of known) assert.ok(doc.includes(`\`${code}\``), `${code} missing from docs/errors.md`);
  });
});
