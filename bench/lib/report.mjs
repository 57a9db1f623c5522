/** Plain-text tables and number formats for the printed report. */

/** Prints rows (arrays of cells) under a header; numbers right-aligned, text left-aligned. */
export function table(header, rows) {
  const all = [header, ...rows].map((r) => r.map((c) => String(c)))
  const widths = header.map((_, i) => Math.max(...all.map((r) => r[i].length)))
  const numeric = header.map((_, i) => rows.every((r) => typeof r[i] === 'number' || /^[-+]?[\d,.]+(\s?[a-zµ×%]+)?$/i.test(String(r[i]))))
  const line = (r) =>
    r
      .map((c, i) => (numeric[i] ? c.padStart(widths[i]) : c.padEnd(widths[i])))
      .join(' | ')
      .trimEnd()
  console.log(line(all[0]))
  console.log(widths.map((w) => '-'.repeat(w)).join('-|-'))
  for (const r of all.slice(1)) console.log(line(r))
}

export const int = (n) => Math.round(n).toLocaleString('en-US')
export const fixed = (n, digits = 1) => n.toFixed(digits)
export const ratio = (n) => `${n.toFixed(2)}x`

/** A duration in ms as the most readable unit. */
export function time(ms) {
  if (ms >= 1) return `${ms.toFixed(2)} ms`
  if (ms >= 0.001) return `${(ms * 1000).toFixed(2)} µs`
  return `${(ms * 1e6).toFixed(0)} ns`
}

export const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b)
  const m = s.length >> 1
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2
}

export function heading(text) {
  console.log(`\n${'='.repeat(text.length)}\n${text}\n${'='.repeat(text.length)}`)
}

/** Prints rows as a Markdown table (to paste into the README); numeric columns right-aligned. */
export function markdown(header, rows) {
  const all = [header, ...rows].map((r) => r.map((c) => String(c)))
  const numeric = header.map((_, i) => rows.every((r) => /^[-+$~≤]*[\d,.]+/.test(String(r[i]))))
  const widths = header.map((_, i) => Math.max(3, ...all.map((r) => r[i].length)))
  const line = (r) => `| ${r.map((c, i) => (numeric[i] ? c.padStart(widths[i]) : c.padEnd(widths[i]))).join(' | ')} |`
  console.log(line(all[0]))
  console.log(`|${widths.map((w, i) => (numeric[i] ? `${'-'.repeat(w + 1)}:` : `${'-'.repeat(w + 2)}`)).join('|')}|`)
  for (const r of all.slice(1)) console.log(line(r))
}

/** Dollars: cents for sums of a dollar or more, else enough digits to show the figure. */
export function usd(n) {
  if (n === 0) return '$0'
  if (Math.abs(n) >= 1) return `$${n.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`
  return `$${n.toPrecision(2)}`
}
