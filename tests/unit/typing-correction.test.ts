import { expect, it } from 'vitest';
import type { Database } from '../../src/db/client.ts';
import { typingCorrection } from '../../src/content/search-correct.ts';

it('asks the database once however many autocompletes want the correction of one keystroke', async () => {
  let asked = 0;
  // Every word known: the check for misspelt words (and their neighbours) is the only statement
  // correctQuery runs.
  const database = {
    kind: 'postgres',
    rows: async () => {
      asked++;
      await new Promise((r) => setTimeout(r, 5));
      return [{ typed: 'kropotkin', word: '', sim: 0, freq: 0, name: false, known: true }];
    },
  } as unknown as Database;
  const correct = typingCorrection(database, '1', 'kropotkin');
  const [a, b] = await Promise.all([correct(), correct()]);
  expect(await correct()).toBe(a);
  expect(b).toBe(a);
  expect(a).toEqual({ text: 'kropotkin', corrected: null });
  expect(asked).toBe(1);
});
