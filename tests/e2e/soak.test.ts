import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SoakReport } from '../../bench/soak-report.ts';
import { runSoak, SOAK_KINDS } from '../../bench/soak-runner.ts';
import { backends } from '../helpers/db.ts';
import { prepareStore, type BotStore } from './harness.ts';

// One backend only: the soak is the same code on both, and CI runs it once. PostgreSQL when the run
// has it (the production database), PGlite otherwise. Latency and RSS targets are `npm run soak`'s
// business (5 minutes, 20 members): a test on a shared CI machine checks what cannot be noise, so
// it lifts Discord's 3-second deadline (a starved machine answers late, not wrongly) and counts an
// interaction failed only when it errs or is never answered.
const backend = backends.includes('postgres') ? 'postgres' : 'pglite';

describe(`a short soak through the fake Discord [${backend}]`, () => {
  let store: BotStore;
  let report: SoakReport;

  beforeAll(async () => {
    // An empty store: the bot loads the shipped packs at its first start, as a new install does.
    store = await prepareStore(backend);
    report = await runSoak({ durationMs: 20_000, members: 5, store, seed: 7, deadline: false });
  }, 240_000);

  afterAll(async () => {
    await store?.cleanup();
  });

  it('answers every interaction of 5 members for 20 s, none with an error, and logs no error', () => {
    expect(report.failures).toEqual([]);
    expect(report.errorLogs).toEqual([]);
    expect(report.total.failed).toBe(0);
    expect(report.violations).toBe(0);
    expect(report.exitCode).toBe(0);
  });

  it('exercised every kind: lookups, autocompletes, drill start and close, answers, edits and votes', () => {
    const counts = Object.fromEntries(SOAK_KINDS.map((k) => [k, report.byKind[k]?.count ?? 0]));
    for (const kind of SOAK_KINDS) expect(counts[kind], `${kind} in ${JSON.stringify(counts)}`).toBeGreaterThan(0);
    expect(report.drillsStarted).toBeGreaterThan(0);
  });
});
