import { repoFile } from '../harness.ts';
import type { BenchCase, BenchEnv } from './types.ts';

export const RSS_TARGET_MB = 200;

/** Through the real discord.js client and the fake Discord: throughput, latency and memory. */
export async function e2eCases(_env: BenchEnv): Promise<BenchCase[]> {
  const reason = repoFile('bench/e2e-latency.ts') ? 'bench/e2e-latency.ts landed but is not folded in yet' : 'bench/e2e-latency.ts (Discord helper) has not landed';
  return [
    { kind: 'missing', id: 'e2e.throughput', group: 'end to end (discord.js + fake Discord)', label: '/claim search interactions per second, p99', reason },
    { kind: 'missing', id: 'e2e.rss', group: 'end to end (discord.js + fake Discord)', label: 'bot RSS after 1,000 GUILD_CREATE', reason, target: `≤ ${RSS_TARGET_MB} MB` },
  ];
}
