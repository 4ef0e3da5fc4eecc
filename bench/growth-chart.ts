import { SEARCH_AT_1M_TARGET_MS } from './cases/content.ts';
import type { GrowthReport, GrowthStore } from './growth.ts';

/**
 * The growth chart as a hand-written SVG string (no chart dependency for two small panels): p99
 * against store size on a log x axis, one line per figure, the targets as dashed lines. Left:
 * /claim search, a colour per query. Right: autocomplete, a colour per input and a marker per
 * command (claims ●, quotes ■, references ▲).
 */

const W = 460;
const H = 330;
const M = { left: 46, right: 14, top: 34, bottom: 40 };
const COLOURS = ['#1f77b4', '#d62728', '#2ca02c', '#9467bd', '#ff7f0e', '#8c564b', '#e377c2'];

interface Series {
  id: string;
  name: string;
  colour: string;
  marker: 'circle' | 'square' | 'triangle';
  points: { claims: number; p99: number }[];
}

interface Target {
  ms: number;
  label: string;
}

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

function niceMax(v: number): number {
  for (const step of [10, 20, 25, 50, 100, 200, 250, 500, 1_000, 2_000, 5_000]) if (v <= step) return step;
  return Math.ceil(v / 1_000) * 1_000;
}

function marker(kind: Series['marker'], x: number, y: number, colour: string): string {
  if (kind === 'square') return `<rect x="${(x - 3.5).toFixed(1)}" y="${(y - 3.5).toFixed(1)}" width="7" height="7" fill="${colour}"/>`;
  if (kind === 'triangle') return `<path d="M${x.toFixed(1)},${(y - 4.5).toFixed(1)} l4.5,8 h-9 z" fill="${colour}"/>`;
  return `<circle cx="${x.toFixed(1)}" cy="${y.toFixed(1)}" r="3.5" fill="${colour}"/>`;
}

function panel(title: string, series: Series[], targets: Target[], sizes: number[], offsetX: number): string {
  const out: string[] = [];
  const plotW = W - M.left - M.right;
  const plotH = H - M.top - M.bottom;
  const lo = Math.log10(Math.min(...sizes));
  const hi = Math.log10(Math.max(...sizes));
  const span = hi - lo || 1;
  const yMax = niceMax(Math.max(...series.flatMap((s) => s.points.map((p) => p.p99)), ...targets.map((t) => t.ms)) * 1.08);
  const x = (claims: number) => offsetX + M.left + ((Math.log10(claims) - lo) / span) * plotW;
  const y = (ms: number) => M.top + plotH - (Math.min(ms, yMax) / yMax) * plotH;
  out.push(`<text x="${offsetX + M.left}" y="20" font-weight="bold">${esc(title)}</text>`);
  // Axes, grid and ticks.
  for (let i = 0; i <= 5; i++) {
    const v = (yMax / 5) * i;
    out.push(
      `<line x1="${offsetX + M.left}" x2="${offsetX + W - M.right}" y1="${y(v).toFixed(1)}" y2="${y(v).toFixed(1)}" stroke="#e5e5e5"/>`,
      `<text x="${offsetX + M.left - 5}" y="${(y(v) + 4).toFixed(1)}" text-anchor="end">${v}</text>`,
    );
  }
  for (const s of sizes) {
    const label = s >= 1_000_000 ? `${s / 1_000_000}M` : `${s / 1_000}k`;
    out.push(
      `<line x1="${x(s).toFixed(1)}" x2="${x(s).toFixed(1)}" y1="${M.top}" y2="${M.top + plotH}" stroke="#e5e5e5"/>`,
      `<text x="${x(s).toFixed(1)}" y="${M.top + plotH + 16}" text-anchor="middle">${label}</text>`,
    );
  }
  out.push(
    `<rect x="${offsetX + M.left}" y="${M.top}" width="${plotW}" height="${plotH}" fill="none" stroke="#999"/>`,
    `<text x="${offsetX + M.left + plotW / 2}" y="${H - 6}" text-anchor="middle">claims in the store (log scale)</text>`,
    `<text transform="translate(${offsetX + 12},${M.top + plotH / 2}) rotate(-90)" text-anchor="middle">p99 (ms)</text>`,
  );
  for (const t of targets) {
    out.push(
      `<line x1="${offsetX + M.left}" x2="${offsetX + W - M.right}" y1="${y(t.ms).toFixed(1)}" y2="${y(t.ms).toFixed(1)}" stroke="#555" stroke-dasharray="5,4"/>`,
      `<text x="${offsetX + M.left + 4}" y="${(y(t.ms) - 3).toFixed(1)}" fill="#555" stroke="#fff" stroke-width="3" paint-order="stroke">${esc(t.label)}</text>`,
    );
  }
  for (const s of series) {
    const pts = s.points.map((p) => `${x(p.claims).toFixed(1)},${y(p.p99).toFixed(1)}`).join(' ');
    out.push(`<polyline points="${pts}" fill="none" stroke="${s.colour}" stroke-width="1.6"><title>${esc(s.name)}</title></polyline>`);
    for (const p of s.points) out.push(marker(s.marker, x(p.claims), y(p.p99), s.colour));
  }
  // Legend under the plot, two columns.
  series.forEach((s, i) => {
    const lx = offsetX + M.left + (i % 2) * (plotW / 2);
    const ly = H + 8 + Math.floor(i / 2) * 17;
    out.push(
      `<line x1="${lx}" x2="${lx + 18}" y1="${ly}" y2="${ly}" stroke="${s.colour}" stroke-width="1.6"/>`,
      marker(s.marker, lx + 9, ly, s.colour),
      `<text x="${lx + 24}" y="${ly + 4}">${esc(s.name)}</text>`,
    );
  });
  return out.join('\n');
}

function seriesOf(stores: GrowthStore[], prefix: string, name: (id: string, label: string) => string): Series[] {
  const ids = [...new Set(stores.flatMap((s) => s.figures.map((f) => f.id)))].filter((id) => id.startsWith(prefix));
  return ids.map((id, i) => {
    const kind = id.split('.')[1];
    const input = id.split('.').pop()!;
    const inputs = ['1', '2', '3', 'typo', 'long'];
    const auto = prefix === 'autocomplete.';
    const first = stores.flatMap((s) => s.figures).find((f) => f.id === id)!;
    return {
      id,
      name: name(id, first.label),
      colour: auto ? COLOURS[Math.max(0, inputs.indexOf(input)) % COLOURS.length]! : COLOURS[i % COLOURS.length]!,
      marker: !auto || kind === 'claims' ? 'circle' : kind === 'quotes' ? 'square' : 'triangle',
      points: stores.flatMap((s) => {
        const f = s.figures.find((g) => g.id === id);
        return f ? [{ claims: s.claims, p99: f.p99 }] : [];
      }),
    };
  });
}

export function growthSvg(report: GrowthReport): string {
  const stores = report.stores;
  const sizes = stores.map((s) => s.claims);
  if (sizes.length === 0)
    return `<svg xmlns="http://www.w3.org/2000/svg" width="400" height="40"><text x="10" y="25">no store measured</text></svg>\n`;
  const search = seriesOf(stores, 'search.', (id) => id.slice('search.'.length));
  const auto = seriesOf(stores, 'autocomplete.', (id) => id.slice('autocomplete.'.length));
  const searchTargets: Target[] = [
    { ms: 15, label: '≤ 15 rare/mid (100k)' },
    { ms: 25, label: '≤ 25 (100k)' },
    ...(sizes.some((s) => s >= 1_000_000) ? [{ ms: SEARCH_AT_1M_TARGET_MS, label: `≤ ${SEARCH_AT_1M_TARGET_MS} (1M)` }] : []),
  ];
  const autoTargets: Target[] = [
    { ms: 10, label: '≤ 10 for 1–2 chars (100k)' },
    { ms: 15, label: '≤ 15 (100k)' },
  ];
  const legendRows = Math.ceil(Math.max(search.length, auto.length) / 2);
  const totalH = H + 16 + legendRows * 17 + 4;
  const body = [
    panel('/claim search: p99 against store size', search, searchTargets, sizes, 0),
    panel('autocomplete: p99 against store size', auto, autoTargets, sizes, W),
  ].join('\n');
  const caption = `PostgreSQL · ${report.generatedAt.slice(0, 10)} · ${report.machine.cores}-core ${esc(report.machine.cpu)} · ${esc(report.command)}`;
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${2 * W}" height="${totalH + 20}" viewBox="0 0 ${2 * W} ${totalH + 20}" font-family="sans-serif" font-size="11">
<rect width="100%" height="100%" fill="#fff"/>
${body}
<text x="${M.left}" y="${totalH + 14}" fill="#777">${caption}</text>
</svg>
`;
}
