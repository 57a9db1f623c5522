#!/usr/bin/env node
// Builds the browser code that public/ serves, with esbuild, then prints each part's gzipped size:
//   dashboard: the publisher's dashboard (GET /dashboard), dashboard/*.ts(x) and its CSS,
//              into public/dashboard/app.js and app.css;
//   embed:     the share-button script publishers load, embed/*.ts, into public/embed.js;
//   openapi:   the API's OpenAPI document, read off the app's routes (scripts/openapi/), into
//              public/openapi.json: built here, zod's JSON Schema conversion costs the Worker nothing;
//   docs:      Swagger UI's standalone bundle (swagger-ui-dist, pinned in package.json), copied from
//              node_modules into public/docs/ for GET /docs: served as static assets, never from a CDN,
//              and kept out of git (a 1.7 MB minified file is nothing to review).
// The outputs are gitignored. wrangler runs this first on `wrangler dev` and `wrangler deploy`
// ([build] in wrangler.toml), so a fresh clone needs no separate step.
// Usage: node scripts/build-assets.mjs [dashboard] [embed] [openapi] [docs]   (no argument: all)
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join, relative } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { gzipSync } from 'node:zlib'
import { build } from 'esbuild'

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..')
const kib = (bytes) => `${(bytes / 1024).toFixed(1)} KiB`

// The /*! ... */ comment a source file starts with.
function leadingComment(file) {
  const comment = /^\/\*![\s\S]*?\*\//.exec(readFileSync(join(ROOT, file), 'utf8'))
  if (!comment) throw new Error(`${file} must start with a /*! ... */ comment`)
  return comment[0]
}

/** The browsers both support (what the dashboard's and the buttons' code may use untranspiled). */
const COMMON = {
  absWorkingDir: ROOT,
  bundle: true,
  minify: true,
  format: 'iife',
  target: ['es2022', 'chrome111', 'firefox111', 'safari16.4'],
  platform: 'browser',
  logLevel: 'warning',
}

// Each part: where it goes (an env variable builds it elsewhere: the size tests do, so as not to touch
// what a dev server serves), its esbuild options, the files it writes, and what they may cost gzipped.
const PARTS = {
  dashboard: {
    outdir: process.env.DASHBOARD_OUTDIR || join(ROOT, 'public', 'dashboard'),
    clean: true, // its own folder: no stale files served as assets
    options: { entryPoints: { app: 'dashboard/main.ts' }, legalComments: 'eof' }, // eof keeps any bundled package's licence notice
    files: ['app.js', 'app.css'],
    // A warning, not a failure: `wrangler dev` should still start. test/node/dashboard.e2e.test.ts enforces it.
    budget: 40 * 1024,
  },
  embed: {
    outdir: process.env.EMBED_OUTDIR || join(ROOT, 'public'),
    clean: false, // public/ holds the other assets
    options: {
      entryPoints: { embed: 'embed/main.ts' },
      // The usage comment that opens embed/main.ts opens the script too, word for word: as a legal comment
      // esbuild would place it after the bundled modules and write <\/script> in it. The embed bundles
      // no third-party code, so there is no other notice to keep.
      banner: { js: leadingComment('embed/main.ts') },
      legalComments: 'none',
    },
    files: ['embed.js'],
    // As above; test/node/share-buttons.e2e.test.ts enforces it. The design's budget for the buttons, icons included.
    budget: 8 * 1024,
  },
  openapi: {
    outdir: process.env.OPENAPI_OUTDIR || join(ROOT, 'public'),
    clean: false,
    run: buildOpenApi,
    files: ['openapi.json'],
    budget: 40 * 1024,
  },
  docs: {
    outdir: process.env.DOCS_OUTDIR || join(ROOT, 'public', 'docs'),
    clean: true,
    run: copySwaggerUi,
    files: ['swagger-ui-bundle.js', 'swagger-ui.css'],
    // Swagger UI 5.x is about 475 KiB gzipped; a major version that grows much past it should be noticed.
    budget: 520 * 1024,
  },
}

/** Bundles the app for Node (its Durable Objects' base class stubbed), builds the document from its routes. */
async function buildOpenApi(outdir) {
  const scratch = mkdtempSync(join(tmpdir(), 'sharelink-openapi-'))
  try {
    const entry = join(scratch, 'openapi.mjs')
    await build({
      absWorkingDir: ROOT,
      entryPoints: ['scripts/openapi/entry.ts'],
      outfile: entry,
      bundle: true,
      format: 'esm',
      platform: 'node',
      target: 'node22',
      alias: { 'cloudflare:workers': './scripts/openapi/workers-stub.mjs' },
      logLevel: 'warning',
    })
    const { document } = await import(pathToFileURL(entry).href)
    writeFileSync(join(outdir, 'openapi.json'), `${JSON.stringify(document, null, 2)}\n`)
  } finally {
    rmSync(scratch, { recursive: true, force: true })
  }
}

/**
 * Copies Swagger UI's browser bundle and stylesheet, and the licence notices they point to. The
 * stylesheet's source-map comment is dropped: its map is not shipped, and browsers' tools would ask for it.
 */
function copySwaggerUi(outdir) {
  const dist = join(ROOT, 'node_modules', 'swagger-ui-dist')
  for (const file of ['swagger-ui-bundle.js', 'swagger-ui.css']) {
    writeFileSync(join(outdir, file), readFileSync(join(dist, file), 'utf8').replace(/^\/[*/]# sourceMappingURL=.*$/gm, ''))
  }
  for (const file of ['swagger-ui-bundle.js.LICENSE.txt', 'LICENSE', 'NOTICE']) copyFileSync(join(dist, file), join(outdir, file))
}

/**
 * Moves a part's build from `scratch` into place: its own folder swapped whole (no stale file left
 * to be served), or its files one by one into a shared folder (public/), each rename atomic.
 */
function place(part, scratch) {
  if (part.clean) {
    const old = `${scratch}.old`
    try {
      renameSync(part.outdir, old)
    } catch (err) {
      // None yet, or another build moved it aside a moment ago.
      if (err.code !== 'ENOENT') throw err
    }
    try {
      renameSync(scratch, part.outdir)
    } catch (err) {
      // Another build placed its folder between our two renames: it is the same build; keep it.
      if (err.code !== 'ENOTEMPTY' && err.code !== 'EEXIST') throw err
      rmSync(scratch, { recursive: true, force: true })
    }
    rmSync(old, { recursive: true, force: true })
    return
  }
  mkdirSync(part.outdir, { recursive: true })
  for (const file of readdirSync(scratch)) renameSync(join(scratch, file), join(part.outdir, file))
  rmSync(scratch, { recursive: true, force: true })
}

const names = process.argv.slice(2)
for (const name of names) {
  if (!(name in PARTS)) {
    console.error(`unknown part "${name}": expected ${Object.keys(PARTS).join(' or ')}`)
    process.exit(2)
  }
}

for (const name of names.length ? names : Object.keys(PARTS)) {
  const part = PARTS[name]
  // Built beside its place and renamed into it: a dev server started meanwhile (tests start several)
  // never serves a half-written file or an emptied folder, and two builds at once each land whole.
  mkdirSync(dirname(part.outdir), { recursive: true })
  const scratch = mkdtempSync(join(dirname(part.outdir), `.build-${name}-`))
  try {
    if (part.run) await part.run(scratch)
    else await build({ ...COMMON, ...part.options, outdir: scratch })
    place(part, scratch)
  } catch (err) {
    rmSync(scratch, { recursive: true, force: true })
    if (part.run) console.error(err)
    // esbuild has printed the errors.
    console.error(`[${name}] build failed`)
    process.exit(1)
  }
  let total = 0
  const sizes = []
  for (const file of part.files) {
    const data = readFileSync(join(part.outdir, file))
    const gz = gzipSync(data, { level: 9 }).length
    total += gz
    sizes.push(`${relative(ROOT, join(part.outdir, file))} ${kib(data.length)} (${kib(gz)} gzipped)`)
  }
  console.log(`[${name}] ${sizes.join(', ')}${part.files.length > 1 ? `: ${kib(total)} gzipped in all` : ''}`)
  if (total > part.budget) console.warn(`[${name}] WARNING: over the ${kib(part.budget)} budget`)
}
