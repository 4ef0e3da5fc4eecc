import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createEmbedder } from '../../src/scoring/embedder.ts';

/**
 * Embedding the 6,500 ArgKP arguments and their sentences takes minutes on two cores; the vectors
 * are kept in .cache/ (not committed) so refitting the model takes seconds.
 */
const DIR = join(import.meta.dirname, '../../.cache/argkp-vectors');
const DIM = 512;

export async function vectorsFor(texts: Iterable<string>): Promise<Map<string, Float32Array>> {
  mkdirSync(DIR, { recursive: true });
  const textFile = join(DIR, 'texts.json');
  const vecFile = join(DIR, 'vectors.f32');
  const known: string[] = existsSync(textFile) ? (JSON.parse(readFileSync(textFile, 'utf8')) as string[]) : [];
  const buf = existsSync(vecFile) ? new Float32Array(new Uint8Array(readFileSync(vecFile)).buffer) : new Float32Array(0);
  const map = new Map<string, Float32Array>();
  for (const [i, t] of known.entries()) map.set(t, buf.slice(i * DIM, (i + 1) * DIM));
  const missing = [...new Set(texts)].filter((t) => !map.has(t));
  if (missing.length > 0) {
    process.stderr.write(`embedding ${missing.length} texts (cached in ${DIR})…\n`);
    const embedder = createEmbedder();
    for (let i = 0; i < missing.length; i += 256) {
      const chunk = missing.slice(i, i + 256);
      const vs = await embedder.embed(chunk);
      for (const [j, t] of chunk.entries()) map.set(t, vs[j]!);
      process.stderr.write(`  ${Math.min(i + 256, missing.length)}/${missing.length}\n`);
    }
    const all = [...map.keys()];
    const out = new Float32Array(all.length * DIM);
    for (const [i, t] of all.entries()) out.set(map.get(t)!, i * DIM);
    writeFileSync(textFile, JSON.stringify(all));
    writeFileSync(vecFile, Buffer.from(out.buffer));
  }
  return map;
}
