#!/usr/bin/env node
// `npm run lint` (part): fails on any import cycle in the Worker (src/), the dashboard and the
// share-button script. Calls between modules go one way; a cycle is two modules each needing the
// other, which no reader can follow from the top. The import graph is esbuild's, as it bundles.
import { dirname, join, relative } from 'node:path'
import { fileURLToPath } from 'node:url'
import { build } from 'esbuild'

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..')
const ENTRIES = ['src/index.ts', 'dashboard/main.ts', 'embed/main.ts']

/** Every cycle of the graph, each once, as the list of its modules. */
function cyclesOf(graph) {
  const cycles = []
  const state = new Map() // module -> 'open' | 'done'
  const path = []
  const visit = (node) => {
    state.set(node, 'open')
    path.push(node)
    for (const next of graph.get(node) ?? []) {
      if (state.get(next) === 'open') cycles.push(path.slice(path.indexOf(next)))
      else if (!state.has(next)) visit(next)
    }
    path.pop()
    state.set(node, 'done')
  }
  for (const node of [...graph.keys()].sort()) if (!state.has(node)) visit(node)
  return cycles
}

const { metafile } = await build({
  absWorkingDir: ROOT,
  entryPoints: ENTRIES,
  bundle: true,
  write: false,
  metafile: true,
  outdir: 'out',
  format: 'esm',
  platform: 'neutral',
  external: ['cloudflare:*', 'node:*'],
  loader: { '.css': 'empty' },
  logLevel: 'error',
})
const graph = new Map()
for (const [file, input] of Object.entries(metafile.inputs)) {
  if (file.includes('node_modules')) continue
  graph.set(
    file,
    input.imports.filter((i) => !i.external && !i.path.includes('node_modules')).map((i) => i.path),
  )
}
const cycles = cyclesOf(graph)
if (cycles.length) {
  console.error(`import cycles (${cycles.length}): calls between modules go one way`)
  for (const cycle of cycles) console.error(`  ${[...cycle, cycle[0]].map((f) => relative(ROOT, join(ROOT, f))).join(' -> ')}`)
  process.exit(1)
}
console.log(`no import cycles among ${graph.size} modules of ${ENTRIES.join(', ')}`)
