import { readFile } from 'node:fs/promises';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { checkPack, checkPackText, comparePaths } from '../../src/content/validate-pack.ts';

describe('pack validation', () => {
  it('sorts by path with array indexes as numbers', () => {
    const paths = [
      ['claims', 10, 'slug'],
      ['claims', 2, 'topics', 0],
      ['claims', 2],
      ['quotes', 0],
      ['claims', 2, 'slug'],
    ];
    expect(paths.sort(comparePaths)).toEqual([
      ['claims', 2],
      ['claims', 2, 'slug'],
      ['claims', 2, 'topics', 0],
      ['claims', 10, 'slug'],
      ['quotes', 0],
    ]);
  });

  it('reports cross-record errors even when the schema rejects the same records', async () => {
    const pack = parse(await readFile('tests/fixtures/packs/mini.yaml', 'utf8'));
    pack.claims[1].slug = pack.claims[0].slug;
    pack.claims[1].text = '';
    pack.claims[0].topics = ['no-such-topic', 42];
    const check = checkPack(pack);
    expect(check.ok).toBe(false);
    if (check.ok) return;
    expect(check.errors).toEqual([
      'claims[0].topics[0]: unknown topic "no-such-topic"',
      'claims[0].topics[1]: Invalid input: expected string, received number',
      `claims[1].slug: duplicate claim "${pack.claims[0].slug}"`,
      'claims[1].text: must not be empty',
    ]);
    // Without a file there are no positions.
    expect(check.problems.every((p) => p.line === undefined)).toBe(true);
  });

  it('stops on aliases that refer to themselves instead of looping', () => {
    const check = checkPackText('format: riposte-pack/1\nclaims: &c\n  - slug: a\n    rebuttals: *c\n');
    expect(check.ok).toBe(false);
  });
});
