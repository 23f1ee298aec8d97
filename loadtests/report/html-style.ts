/**
 * The page's only stylesheet, inline so the file opens offline. Large type and strong contrast for a
 * projector; print rules keep each chart on one page and its colours on paper.
 */
export const PAGE_STYLE = `
:root { --ink: #1a1a1a; --muted: #555; --rule: #d0d0d0; --good: #0b7a3e; --bad: #b3261e; --warn-bg: #fff4d6; --warn: #7a5200; }
* { box-sizing: border-box; }
html { font-size: 20px; }
body { margin: 0 auto; max-width: 1200px; padding: 1.5rem 2rem 4rem; font-family: system-ui, -apple-system, "Segoe UI", Roboto, "DejaVu Sans", sans-serif; color: var(--ink); background: #fff; line-height: 1.45; }
h1 { font-size: 2.2rem; margin: 0 0 .3rem; line-height: 1.15; }
h2 { font-size: 1.7rem; margin: 2.5rem 0 .6rem; padding-top: .6rem; border-top: 4px solid var(--ink); }
h3 { font-size: 1.3rem; margin: 1.8rem 0 .4rem; }
p { margin: .4rem 0 .8rem; }
code { font-family: ui-monospace, "DejaVu Sans Mono", monospace; font-size: .9em; background: #f1f1f1; padding: 0 .2em; border-radius: 3px; }
.subtitle { color: var(--muted); font-size: 1.05rem; }
.findings { font-size: 1.15rem; padding-left: 1.4rem; }
.findings li { margin: .35rem 0; }
.warnings { background: var(--warn-bg); border-left: 8px solid #e69f00; padding: .6rem 1rem; margin: 1rem 0; }
.warnings h2 { border: 0; margin: 0 0 .3rem; padding: 0; font-size: 1.3rem; color: var(--warn); }
.warnings ul { margin: 0; padding-left: 1.2rem; }
.note { color: var(--muted); font-style: italic; }
.absent li { color: var(--muted); }
figure.chart { margin: 1.2rem 0 1.6rem; break-inside: avoid; page-break-inside: avoid; }
.timelines { display: grid; grid-template-columns: repeat(auto-fill, minmax(330px, 1fr)); gap: .4rem 1.2rem; }
.timelines figure.chart { margin: .4rem 0; }
.timelines figcaption { font-size: .8rem; line-height: 1.25; overflow-wrap: anywhere; }
.timelines figcaption strong { font-size: .85rem; }
details { margin: .4rem 0 1rem; }
summary { cursor: pointer; color: var(--muted); font-weight: 600; }
figcaption { font-size: 1rem; margin-bottom: .3rem; }
figcaption strong { display: block; font-size: 1.2rem; }
figcaption span { color: var(--muted); }
svg { width: 100%; height: auto; display: block; overflow: visible; font-family: inherit; }
svg text { fill: var(--ink); }
svg .grid { stroke: #e3e3e3; stroke-width: 1; }
svg .axis-label { font-weight: 600; fill: var(--muted); }
svg .row-label { font-weight: 600; }
svg .note { font-variant-numeric: tabular-nums; font-style: normal; font-weight: 600; fill: var(--ink); }
svg .rule-label { paint-order: stroke; stroke: #fff; stroke-width: 4px; }
svg .iqr { stroke: #111; stroke-width: 5; stroke-linecap: butt; }
svg .range { stroke: #111; stroke-width: 2; fill: none; }
svg .line { fill: none; stroke-width: 3.5; }
svg .leader { fill: none; stroke-width: 1.5; opacity: .75; }
svg .rule { stroke: #111; stroke-width: 2.5; stroke-dasharray: 6 4; }
svg .rule-label, svg .point-label { font-weight: 600; }
.legend { list-style: none; display: flex; flex-wrap: wrap; gap: .3rem 1.4rem; padding: 0; margin: .3rem 0; font-size: 1rem; }
.swatch { display: inline-block; width: 1.1em; height: 1.1em; border-radius: 3px; margin-right: .4em; vertical-align: -.15em; }
.table-wrap { overflow-x: auto; margin: .6rem 0 1.2rem; }
table { border-collapse: collapse; font-size: .85rem; font-variant-numeric: tabular-nums; }
th, td { padding: .3rem .6rem; border-bottom: 1px solid var(--rule); text-align: left; vertical-align: top; }
th { border-bottom: 2px solid var(--ink); }
td.num, th.num { text-align: right; white-space: nowrap; }
td.good { color: var(--good); font-weight: 600; }
td.bad { color: #fff; background: var(--bad); font-weight: 700; }
td.muted { color: #999; }
table.matrix td { white-space: nowrap; }
.verdict-good { color: var(--good); font-weight: 700; font-size: 1.15rem; }
.verdict-bad { color: var(--bad); font-weight: 700; font-size: 1.15rem; }
.method th { display: none; }
.method td:first-child { font-weight: 600; white-space: nowrap; }
@media print {
  html { font-size: 12pt; }
  body { max-width: none; padding: 0; }
  * { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
  h2 { break-before: page; break-after: avoid; }
  h3, figcaption { break-after: avoid; }
  .table-wrap { overflow: visible; }
}
`
