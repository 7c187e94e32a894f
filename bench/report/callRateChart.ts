/**
 * A hand-written SVG chart: calls per second over time for each candidate (one panel each), ok and throttled calls
 * stacked, against the quota line. No dependencies; the output is a static file committed next to the report.
 */
import type { RunSummary } from '../fleet/summarize.js';

export interface ChartPanel {
  readonly title: string;
  readonly timeline: RunSummary['timeline'];
  /** Release → last cold start finished, marked on the time axis. */
  readonly makespanMs: number;
}

export interface ChartOptions {
  readonly quotaPerSecond: number;
  /** Width of one bar (ms); counts are scaled to calls per second. */
  readonly binMs?: number;
  readonly title: string;
}

const WIDTH = 860;
const PANEL_HEIGHT = 150;
/** Room below the last panel's axis labels for the footnote. */
const FOOTNOTE_HEIGHT = 16;
const MARGIN = { left: 56, right: 16, top: 34, panelGap: 40, bottom: 40 };
const COLORS = { ok: '#3b82a0', throttled: '#d1495b', quota: '#222', grid: '#e5e5e5', text: '#333' };

const escapeXml = (text: string): string =>
  text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

const niceCeiling = (value: number): number => {
  const step = 10 ** Math.floor(Math.log10(Math.max(1, value)));
  return Math.ceil(value / step) * step;
};

interface Bin {
  ok: number;
  throttled: number;
}

const binTimeline = (timeline: ChartPanel['timeline'], binMs: number, bins: number): Bin[] => {
  const result = Array.from({ length: bins }, (): Bin => ({ ok: 0, throttled: 0 }));
  for (const call of timeline) {
    const bin = result[Math.min(bins - 1, Math.max(0, Math.floor(call.atMs / binMs)))];
    if (!bin) continue;
    if (call.outcome === 'throttled') bin.throttled += 1;
    else bin.ok += 1;
  }
  return result;
};

export const renderCallRateChart = (panels: readonly ChartPanel[], options: ChartOptions): string => {
  const binMs = options.binMs ?? 250;
  const perSecond = 1000 / binMs;
  const endMs = Math.max(
    1000,
    ...panels.map((panel) => panel.makespanMs),
    ...panels.flatMap((p) => p.timeline.map((c) => c.atMs)),
  );
  const seconds = Math.ceil(endMs / 1000);
  const bins = Math.ceil((seconds * 1000) / binMs);
  const binned = panels.map((panel) => binTimeline(panel.timeline, binMs, bins));
  const peak = Math.max(
    options.quotaPerSecond * 1.5,
    ...binned.flat().map((bin) => (bin.ok + bin.throttled) * perSecond),
  );
  const yMax = niceCeiling(peak);
  const plotWidth = WIDTH - MARGIN.left - MARGIN.right;
  const height =
    MARGIN.top +
    panels.length * (PANEL_HEIGHT + MARGIN.panelGap) +
    MARGIN.bottom -
    MARGIN.panelGap +
    FOOTNOTE_HEIGHT;
  const x = (ms: number) => MARGIN.left + (ms / (seconds * 1000)) * plotWidth;
  const parts: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${height}" viewBox="0 0 ${WIDTH} ${height}" font-family="sans-serif" font-size="11">`,
    `<rect width="100%" height="100%" fill="#fff"/>`,
    `<text x="${MARGIN.left}" y="18" font-size="14" font-weight="bold" fill="${COLORS.text}">${escapeXml(options.title)}</text>`,
    `<rect x="${WIDTH - 290}" y="8" width="10" height="10" fill="${COLORS.ok}"/><text x="${WIDTH - 276}" y="17">ok</text>`,
    `<rect x="${WIDTH - 250}" y="8" width="10" height="10" fill="${COLORS.throttled}"/><text x="${WIDTH - 236}" y="17">throttled</text>`,
    `<line x1="${WIDTH - 175}" y1="13" x2="${WIDTH - 155}" y2="13" stroke="${COLORS.quota}" stroke-dasharray="4 3"/><text x="${WIDTH - 150}" y="17">quota ${options.quotaPerSecond}/s</text>`,
  ];
  panels.forEach((panel, index) => {
    const top = MARGIN.top + index * (PANEL_HEIGHT + MARGIN.panelGap) + 14;
    const y = (rate: number) => top + PANEL_HEIGHT - (rate / yMax) * PANEL_HEIGHT;
    parts.push(
      `<text x="${MARGIN.left}" y="${top - 4}" font-weight="bold" fill="${COLORS.text}">${escapeXml(panel.title)}</text>`,
    );
    for (const tick of [0, yMax / 2, yMax]) {
      parts.push(
        `<line x1="${MARGIN.left}" y1="${y(tick)}" x2="${WIDTH - MARGIN.right}" y2="${y(tick)}" stroke="${COLORS.grid}"/>`,
        `<text x="${MARGIN.left - 6}" y="${y(tick) + 4}" text-anchor="end" fill="${COLORS.text}">${tick}</text>`,
      );
    }
    const barWidth = Math.max(1, (binMs / (seconds * 1000)) * plotWidth - 1);
    binned[index]?.forEach((bin, binIndex) => {
      const left = x(binIndex * binMs);
      const okRate = bin.ok * perSecond;
      const throttledRate = bin.throttled * perSecond;
      if (okRate > 0)
        parts.push(
          `<rect x="${left}" y="${y(okRate)}" width="${barWidth}" height="${y(0) - y(okRate)}" fill="${COLORS.ok}"/>`,
        );
      if (throttledRate > 0) {
        parts.push(
          `<rect x="${left}" y="${y(okRate + throttledRate)}" width="${barWidth}" height="${y(okRate) - y(okRate + throttledRate)}" fill="${COLORS.throttled}"/>`,
        );
      }
    });
    parts.push(
      `<line x1="${MARGIN.left}" y1="${y(options.quotaPerSecond)}" x2="${WIDTH - MARGIN.right}" y2="${y(options.quotaPerSecond)}" stroke="${COLORS.quota}" stroke-dasharray="4 3"/>`,
      `<line x1="${x(panel.makespanMs)}" y1="${top}" x2="${x(panel.makespanMs)}" y2="${y(0)}" stroke="#888" stroke-dasharray="2 2"/>`,
      `<line x1="${MARGIN.left}" y1="${y(0)}" x2="${WIDTH - MARGIN.right}" y2="${y(0)}" stroke="${COLORS.text}"/>`,
    );
    for (let second = 0; second <= seconds; second++) {
      parts.push(
        `<text x="${x(second * 1000)}" y="${y(0) + 13}" text-anchor="middle" fill="${COLORS.text}">${second}s</text>`,
      );
    }
  });
  parts.push(
    `<text x="${MARGIN.left}" y="${height - 8}" fill="${COLORS.text}">calls per second (${binMs} ms bins) from release; dotted line: last cold start finished</text>`,
    '</svg>',
  );
  return `${parts.join('\n')}\n`;
};
