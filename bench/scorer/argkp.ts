import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';

/**
 * Reads ArgKP-2021 (IBM Key Point Analysis shared task, track 1; CDLA-Sharing-1.0, see
 * ../shared/argkp/LICENCE.txt) train or dev split. The test split is held out: never read here.
 */
export const ARGKP_DIR = process.env.ARGKP_DIR ?? join(import.meta.dirname, '../../../shared/argkp');

export interface Argument {
  id: string;
  text: string;
  topic: string;
  stance: string;
}
export interface KeyPoint {
  id: string;
  text: string;
  topic: string;
  stance: string;
}
export interface ArgKpSplit {
  args: Argument[];
  keyPoints: KeyPoint[];
  /** `${argId}|${kpId}` → 1 match, 0 no match; pairs the annotators disagreed on are absent. */
  labels: Map<string, 0 | 1>;
  /** topic|stance → its key points. */
  groups: Map<string, KeyPoint[]>;
}

function rows(file: string): Record<string, string>[] {
  return parse(readFileSync(join(ARGKP_DIR, file), 'utf8'), { columns: true, skip_empty_lines: true }) as Record<string, string>[];
}

export function loadSplit(split: 'train' | 'dev'): ArgKpSplit {
  const args = rows(`arguments_${split}.csv`).map((r) => ({ id: r.arg_id!, text: r.argument!, topic: r.topic!, stance: r.stance! }));
  const keyPoints = rows(`key_points_${split}.csv`).map((r) => ({
    id: r.key_point_id!,
    text: r.key_point!,
    topic: r.topic!,
    stance: r.stance!,
  }));
  const labels = new Map<string, 0 | 1>();
  for (const r of rows(`labels_${split}.csv`)) labels.set(`${r.arg_id}|${r.key_point_id}`, r.label === '1' ? 1 : 0);
  const groups = new Map<string, KeyPoint[]>();
  for (const k of keyPoints) {
    const key = `${k.topic}|${k.stance}`;
    groups.set(key, [...(groups.get(key) ?? []), k]);
  }
  return { args, keyPoints, labels, groups };
}
