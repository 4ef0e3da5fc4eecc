// Runs the test suite N times (default 3) while two busy threads keep both cores loaded, as a busy CI
// machine would; prints each run's time and result, exits 1 if any run failed.
//   npm run test:under-load [-- --runs 3]
import { spawnSync } from 'node:child_process';
import { Worker } from 'node:worker_threads';

const i = process.argv.indexOf('--runs');
const runs = i > 0 ? Number(process.argv[i + 1]) : 3;
const burn = 'const end = Date.now() + 6 * 3600e3; while (Date.now() < end) { Math.sqrt(Math.random()); }';
const burners = [0, 1].map(() => new Worker(burn, { eval: true }));
const results = [];
for (let r = 1; r <= runs; r++) {
  const t = Date.now();
  const { status } = spawnSync('npm', ['test'], { stdio: 'inherit', env: process.env });
  results.push({ run: r, ok: status === 0, seconds: Math.round((Date.now() - t) / 1000) });
  console.error(`under load: run ${r}/${runs} ${status === 0 ? 'passed' : 'FAILED'} in ${results.at(-1).seconds} s`);
}
await Promise.all(burners.map((w) => w.terminate()));
console.error(JSON.stringify(results));
process.exitCode = results.every((x) => x.ok) ? 0 : 1;
