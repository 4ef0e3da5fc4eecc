/**
 * The ArgKP-2021 track 1 metric (the June 2021 leaderboard's version, as ../shared/argkp/kpm_eval.py
 * computes it with --ties stable), in TypeScript so the fitter can evaluate thousands of weight
 * settings in-process. The reported figures always come from kpm_eval.py itself.
 */
export interface ScoredArgument {
  group: string;
  /** The argument's best key point's score, and that pair's gold label (undefined: annotators disagreed). */
  score: number;
  label: 0 | 1 | undefined;
}

function averagePrecision(labels: number[], scores: number[]): number {
  const order = scores.map((_, i) => i).sort((a, b) => scores[b]! - scores[a]!);
  const totalPos = labels.reduce((a, b) => a + b, 0);
  if (totalPos === 0) return 0;
  let ap = 0,
    tp = 0,
    fp = 0,
    prevRecall = 0;
  order.forEach((i, j) => {
    if (labels[i]) tp++;
    else fp++;
    const last = j === order.length - 1 || scores[order[j + 1]!] !== scores[i];
    if (last) {
      const recall = tp / totalPos;
      ap += (recall - prevRecall) * (tp / (tp + fp));
      prevRecall = recall;
    }
  });
  return ap;
}

export function kpmMap(rows: readonly ScoredArgument[]): { strict: number; relaxed: number } {
  const groups = new Map<string, ScoredArgument[]>();
  for (const r of rows) groups.set(r.group, [...(groups.get(r.group) ?? []), r]);
  const out = { strict: 0, relaxed: 0 };
  for (const g of groups.values()) {
    // Stable sort: ties keep the arguments' order, as kpm_eval.py's default does.
    const top = g
      .map((r, i) => ({ r, i }))
      .sort((a, b) => b.r.score - a.r.score || a.i - b.i)
      .slice(0, Math.floor(g.length * 0.5))
      .map((x) => x.r);
    const scores = top.map((r) => r.score);
    out.strict += averagePrecision(
      top.map((r) => (r.label === 1 ? 1 : 0)),
      scores,
    );
    out.relaxed += averagePrecision(
      top.map((r) => (r.label === 0 ? 0 : 1)),
      scores,
    );
  }
  return { strict: out.strict / groups.size, relaxed: out.relaxed / groups.size };
}
