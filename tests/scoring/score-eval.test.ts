import { Readable } from 'node:stream';
import { beforeAll, expect, it } from 'vitest';
import { evalLines } from '../../src/scoring/score-eval.ts';
import { describeEachBackend } from '../helpers/db.ts';
import { importFirstPack } from '../helpers/drill-context.ts';

async function run(lines: string[], store: () => Promise<never> | Promise<unknown>) {
  const out: string[] = [];
  const err: string[] = [];
  const failures = await evalLines(Readable.from(lines.map((l) => `${l}\n`)), {
    out: (l) => out.push(l),
    err: (l) => err.push(l),
    store: store as never,
  });
  return { out: out.map((l) => JSON.parse(l) as Record<string, unknown>), err, failures };
}

const ANSWER =
  'Centralisation puts power in a few hands, so at best we choose our masters instead of governing ourselves. ' +
  'A federation of councils with mandated, recallable delegates can co-ordinate from the bottom up (see B.2).';

describeEachBackend('npm run score -- eval', (get) => {
  beforeAll(async () => {
    await importFirstPack(get());
  });

  it('scores key points given inline, one JSON line per input line, each score in [0, 1]', async () => {
    const r = await run(
      [
        JSON.stringify({
          id: 'a1',
          answer: ANSWER,
          keyPoints: [
            { id: 'k1', text: 'Centralisation puts power in a few hands.' },
            { id: 'k2', text: 'Bakunin was a Russian aristocrat.' },
          ],
        }),
      ],
      () => Promise.reject(new Error('no store needed')),
    );
    expect(r.failures).toBe(0);
    expect(r.out).toHaveLength(1);
    const scores = r.out[0]!.scores as Record<string, number>;
    expect(Object.keys(scores)).toEqual(['k1', 'k2']);
    for (const v of Object.values(scores)) expect(v >= 0 && v <= 1).toBe(true);
    expect(scores.k1).toBeGreaterThan(0.5);
    expect(scores.k2).toBeLessThan(0.2);
  });

  it('scores against a claim of the store exactly as a drill does', async () => {
    const r = await run([JSON.stringify({ id: 'a2', answer: ANSWER, claimSlug: 'centralisation-is-necessary' })], async () => get());
    expect(r.err).toEqual([]);
    const line = r.out[0]!;
    expect(line.id).toBe('a2');
    expect(line.made).toEqual(expect.arrayContaining([expect.stringContaining('few hands')]));
    expect(typeof line.autoScore).toBe('number');
    // Two of five key points made and B.2 cited: round(100 × 2/5) + 10.
    expect(line.autoScore).toBe(Math.round((100 * (line.made as string[]).length) / 5) + 10);
  });

  it('reports each bad line on stderr with its number and still scores the others', async () => {
    const r = await run(
      [
        '{not json',
        JSON.stringify({ id: 'empty', answer: '   ', keyPoints: [{ id: 'k', text: 'x' }] }),
        JSON.stringify({ id: 'slug', answer: ANSWER, claimSlug: 'no-such-claim' }),
        JSON.stringify({ id: 'ok', answer: ANSWER, claimSlug: 'centralisation-is-necessary' }),
        JSON.stringify({ id: 'nokp', answer: ANSWER, keyPoints: [] }),
        '',
      ],
      async () => get(),
    );
    expect(r.failures).toBe(4);
    expect(r.out.map((l) => l.id)).toEqual(['ok']);
    expect(r.err[0]).toBe('line 1: not valid JSON');
    expect(r.err[1]).toMatch(/^line 2: .*answer is empty/);
    expect(r.err[2]).toBe('line 3: unknown claim "no-such-claim"');
    expect(r.err[3]).toMatch(/^line 5: .*keyPoints is empty/);
  });
});
