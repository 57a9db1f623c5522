#!/usr/bin/env node
// `npm run bundle`: build the Worker exactly as `wrangler deploy` would, without uploading
// (offline, no account), then report its raw and gzipped size and which packages fill it.
import { spawnSync } from 'node:child_process'
import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs'
import { dirname, join, relative } from 'node:path'
import { fileURLToPath } from 'node:url'
import { gzipSync } from 'node:zlib'

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..')
const DIST = join(ROOT, 'dist')
const META = join(DIST, 'bundle-meta.json')
const TOP_PACKAGES = 10

const wrangler = join(ROOT, 'node_modules', '.bin', process.platform === 'win32' ? 'wrangler.cmd' : 'wrangler')
if (!existsSync(wrangler)) {
  console.error(`[bundle] ${wrangler} not found: run \`npm install\` first.`)
  process.exit(1)
}

rmSync(DIST, { recursive: true, force: true }) // no stale files in the totals
const build = spawnSync(wrangler, ['deploy', '--dry-run', '--outdir', 'dist', '--metafile', META, '--autoconfig=false'], {
  cwd: ROOT,
  stdio: 'inherit',
  env: { ...process.env, WRANGLER_SEND_METRICS: 'false' },
  shell: process.platform === 'win32',
})
if (build.error) {
  console.error(`[bundle] could not run wrangler: ${build.error.message}`)
  process.exit(1)
}
if (build.status !== 0) {
  console.error(`[bundle] wrangler deploy --dry-run failed (${build.signal ?? `exit ${build.status}`})`)
  process.exit(build.status || 1)
}

const kib = (bytes) => `${(bytes / 1024).toFixed(1)} KiB`
const pad = (text, width) => String(text).padStart(width)

function jsFiles(dir) {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile() && /\.m?js$/.test(entry.name))
    .map((entry) => join(entry.parentPath ?? entry.path, entry.name))
    .sort()
}

const files = jsFiles(DIST)
if (files.length === 0) {
  console.error('[bundle] wrangler wrote no .js file to dist/')
  process.exit(1)
}

const rows = files.map((file) => {
  const data = readFileSync(file)
  return { name: relative(DIST, file), raw: data.length, gzip: gzipSync(data, { level: 9 }).length }
})
const total = rows.reduce((sum, row) => ({ raw: sum.raw + row.raw, gzip: sum.gzip + row.gzip }), { raw: 0, gzip: 0 })
const nameWidth = Math.max(4, ...rows.map((row) => row.name.length))

console.log('')
console.log(`${'file'.padEnd(nameWidth)}  ${pad('raw', 10)}  ${pad('gzip -9', 10)}`)
for (const row of rows) console.log(`${row.name.padEnd(nameWidth)}  ${pad(kib(row.raw), 10)}  ${pad(kib(row.gzip), 10)}`)
console.log(`worker bundle: ${kib(total.raw)} raw, ${kib(total.gzip)} gzipped`)

// Share of the bundle per npm package, from esbuild's metafile (bytes each input contributes).
if (existsSync(META)) {
  const meta = JSON.parse(readFileSync(META, 'utf8'))
  const owner = (input) => {
    const parts = input.split('/')
    const at = parts.lastIndexOf('node_modules')
    if (at < 0) return input.startsWith('src/') ? '(app) src/' : `(other) ${parts.slice(-2).join('/')}`
    return parts[at + 1]?.startsWith('@') ? `${parts[at + 1]}/${parts[at + 2]}` : parts[at + 1]
  }
  const byOwner = new Map()
  let bundled = 0
  let attributed = 0
  for (const [file, output] of Object.entries(meta.outputs ?? {})) {
    if (!/\.m?js$/.test(file)) continue
    bundled += output.bytes
    for (const [input, { bytesInOutput }] of Object.entries(output.inputs ?? {})) {
      if (!bytesInOutput) continue
      const key = owner(input)
      byOwner.set(key, (byOwner.get(key) ?? 0) + bytesInOutput)
      attributed += bytesInOutput
    }
  }
  if (bundled > attributed) byOwner.set('(esbuild glue)', bundled - attributed)
  const ranked = [...byOwner.entries()].sort((a, b) => b[1] - a[1])
  const shown = ranked.slice(0, TOP_PACKAGES)
  const width = Math.max(...shown.map(([name]) => name.length))
  console.log(`\nbytes by package (of ${kib(bundled)} raw, before gzip):`)
  for (const [name, bytes] of shown) {
    console.log(`  ${name.padEnd(width)}  ${pad(kib(bytes), 10)}  ${pad(((100 * bytes) / bundled).toFixed(1), 5)}%`)
  }
  if (ranked.length > shown.length) console.log(`  ... and ${ranked.length - shown.length} more`)
}
