#!/usr/bin/env node
// Builds the publisher's dashboard (GET /dashboard): dashboard/*.ts and its CSS, with uPlot,
// bundled by esbuild into public/dashboard/app.js and app.css (gitignored), then prints their
// gzipped size. wrangler runs this first on `wrangler dev` and `wrangler deploy` ([build] in
// wrangler.toml), so a fresh clone needs no separate step.
import { mkdirSync, readFileSync, rmSync } from 'node:fs'
import { dirname, join, relative } from 'node:path'
import { fileURLToPath } from 'node:url'
import { gzipSync } from 'node:zlib'
import { build } from 'esbuild'

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..')
// DASHBOARD_OUTDIR: build elsewhere (the size test does, so as not to touch what a dev server serves).
const OUT = process.env.DASHBOARD_OUTDIR || join(ROOT, 'public', 'dashboard')
/** What the page may cost over the wire, JS and CSS together. */
const BUDGET_GZIP = 40 * 1024

rmSync(OUT, { recursive: true, force: true }) // no stale files served as assets
mkdirSync(OUT, { recursive: true })

try {
  await build({
    absWorkingDir: ROOT,
    entryPoints: { app: 'dashboard/main.ts' },
    outdir: OUT,
    bundle: true,
    minify: true,
    format: 'iife',
    target: ['es2022', 'chrome111', 'firefox111', 'safari16.4'],
    platform: 'browser',
    legalComments: 'eof', // keeps uPlot's MIT notice
    logLevel: 'warning',
  })
} catch {
  // esbuild has printed the errors.
  console.error('[dashboard] build failed')
  process.exit(1)
}

const kib = (bytes) => `${(bytes / 1024).toFixed(1)} KiB`
let total = 0
const parts = []
for (const name of ['app.js', 'app.css']) {
  const data = readFileSync(join(OUT, name))
  const gz = gzipSync(data, { level: 9 }).length
  total += gz
  parts.push(`${relative(ROOT, join(OUT, name))} ${kib(data.length)} (${kib(gz)} gzipped)`)
}
console.log(`[dashboard] ${parts.join(', ')}: ${kib(total)} gzipped in all`)
// A warning, not a failure: `wrangler dev` should still start. test/node/dashboard.e2e.test.ts enforces it.
if (total > BUDGET_GZIP) console.warn(`[dashboard] WARNING: over the ${kib(BUDGET_GZIP)} budget`)
