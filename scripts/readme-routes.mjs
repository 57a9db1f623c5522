#!/usr/bin/env node
// The README's route table, written from /openapi.json (itself built from the app's routes): one
// row per operation, in the document's order, with the role it needs and its summary. The table
// sits between the two marker comments in README.md; nothing in it is written by hand.
// Usage: node scripts/readme-routes.mjs            rewrite the table (after `node scripts/build-assets.mjs openapi`)
//        node scripts/readme-routes.mjs --check    fail if the README's table is not what the document says
import { readFileSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..')
const START = '<!-- routes: written by scripts/readme-routes.mjs from /openapi.json -->'
const END = '<!-- /routes -->'

const doc = JSON.parse(readFileSync(join(ROOT, 'public', 'openapi.json'), 'utf8'))
const rows = []
for (const [path, operations] of Object.entries(doc.paths)) {
  for (const [method, op] of Object.entries(operations)) {
    const query = (op.parameters ?? []).filter((p) => p.in === 'query').map((p) => `${p.name}=`)
    const body = op.requestBody?.content?.['application/json']?.schema
    const fields = body ? Object.keys(body.properties ?? {}).map((f) => ((body.required ?? []).includes(f) ? f : `${f}?`)) : []
    const route = `${method.toUpperCase()} ${path.replace(/\{(\w+)\}/g, ':$1')}${query.length ? `?${query.join('&')}` : ''}${fields.length ? ` {${fields.join(', ')}}` : ''}`
    rows.push({ tag: op.tags[0], route, who: op['x-role'] ?? 'public', does: op.summary })
  }
}
// Sorted by section, as the document is.
const order = doc.tags.map((t) => t.name)
rows.sort((a, b) => order.indexOf(a.tag) - order.indexOf(b.tag))
const cells = [['route', 'who', 'does'], ...rows.map((r) => [`\`${r.route}\``, r.who, r.does.replace(/\|/g, '\\|')])]
const widths = cells[0].map((_, i) => Math.max(...cells.map((row) => row[i].length)))
const line = (row) => `| ${row.map((c, i) => c.padEnd(widths[i])).join(' | ')} |`
const table = [line(cells[0]), `| ${widths.map((w) => '-'.repeat(w)).join(' | ')} |`, ...cells.slice(1).map(line)].join('\n')

const readmePath = join(ROOT, 'README.md')
const readme = readFileSync(readmePath, 'utf8')
const at = readme.indexOf(START)
const end = readme.indexOf(END)
if (at < 0 || end < at) {
  console.error(`README.md has no route table markers (${START} ... ${END})`)
  process.exit(1)
}
const next = `${readme.slice(0, at + START.length)}\n${table}\n${readme.slice(end)}`
if (process.argv.includes('--check')) {
  if (next !== readme) {
    console.error('README.md: the route table is not what /openapi.json says: run `node scripts/readme-routes.mjs`')
    process.exit(1)
  }
  console.log(`README.md: the route table matches /openapi.json (${rows.length} operations)`)
} else {
  writeFileSync(readmePath, next)
  console.log(`README.md: wrote the route table (${rows.length} operations)`)
}
