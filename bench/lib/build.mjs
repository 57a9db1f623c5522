/**
 * Builds what the benchmark runs:
 *  - the real Worker exactly as `wrangler deploy` bundles it (dry run: offline, no account), so the
 *    numbers are for the deployed code, minified and all;
 *  - small esbuild bundles of src/ functions for the micro-benchmarks (Node, and a workerd
 *    worker for readMeta, which needs HTMLRewriter);
 *  - the by-elimination variants of Section B: the same Worker bundled by esbuild with wrangler's
 *    own options, with one module of the redirect path swapped for a stub at build time (src/
 *    is never edited), and a minimal Hono app.
 */
import { spawn } from 'node:child_process'
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs'
import { join, relative } from 'node:path'
import { build } from 'esbuild'
import { track } from './cleanup.mjs'
import { BUILD_DIR, ROOT } from './paths.mjs'

function run(cmd, args, timeoutMs) {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, {
      cwd: ROOT,
      // No telemetry; no Request.cf download (no internet here).
      env: { ...process.env, WRANGLER_SEND_METRICS: 'false', CLOUDFLARE_CF_FETCH_ENABLED: 'false', CI: 'true', NO_COLOR: '1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    track(`${cmd} (pid ${child.pid})`, child, () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL')
    })
    let output = ''
    child.stdout.on('data', (d) => (output += d))
    child.stderr.on('data', (d) => (output += d))
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs)
    child.on('error', reject)
    child.on('close', (code, signal) => {
      clearTimeout(timer)
      if (code === 0) resolve(output)
      else reject(new Error(`${cmd} ${args.join(' ')} failed (${signal ?? `exit ${code}`}):\n${output}`))
    })
  })
}

/**
 * bench/.build/index.js: the Worker as deployed (wrangler.toml's main, minify and all).
 * Runs first: it empties bench/.build so nothing stale is measured.
 */
export async function buildWorker() {
  rmSync(BUILD_DIR, { recursive: true, force: true })
  const wrangler = join(ROOT, 'node_modules', '.bin', 'wrangler')
  await run(wrangler, ['deploy', '--dry-run', '--outdir', BUILD_DIR, '--autoconfig=false'], 120_000)
  const script = join(BUILD_DIR, 'index.js')
  if (!existsSync(script)) throw new Error(`wrangler wrote no ${script}`)
  return script
}

/** Bundles of src/ functions for Node (ESM) and for workerd (the readMeta bench worker). */
export async function buildMicro() {
  mkdirSync(BUILD_DIR, { recursive: true })
  const pure = join(BUILD_DIR, 'pure.mjs')
  const readMeta = join(BUILD_DIR, 'read-meta-bench.js')
  await build({
    entryPoints: [join(ROOT, 'bench', 'micro', 'pure-entry.js')],
    outfile: pure,
    bundle: true,
    format: 'esm',
    platform: 'node',
    target: 'node22',
    // Minified like the deployed Worker, so the code measured is the code shipped.
    minify: true,
    logLevel: 'error',
  })
  await build({
    entryPoints: [join(ROOT, 'bench', 'workers', 'read-meta-bench.js')],
    outfile: readMeta,
    bundle: true,
    format: 'esm',
    platform: 'neutral',
    target: 'es2022',
    minify: true,
    logLevel: 'error',
  })
  return { pure, readMeta }
}

/**
 * bench/.build/d1-queries.mjs: src/'s analytics queries, the rollups' daily trim and the config
 * defaults they depend on, for Node (lib/d1-entry.js): sections D and E run them on Miniflare's D1
 * binding, so the statements measured and explained are the ones the Worker runs.
 */
export async function buildD1Queries() {
  mkdirSync(BUILD_DIR, { recursive: true })
  const outfile = join(BUILD_DIR, 'd1-queries.mjs')
  await build({
    entryPoints: [join(ROOT, 'bench', 'lib', 'd1-entry.js')],
    outfile,
    bundle: true,
    format: 'esm',
    platform: 'node',
    target: 'node22',
    logLevel: 'error',
  })
  return outfile
}

/**
 * esbuild options as `wrangler deploy` bundles a modules Worker (wrangler 4.164, bundleWorker in
 * its cli.js, with wrangler.toml's minify = true and keep_names = false, no nodejs_compat,
 * no [define] or [alias]). The control variant below checks that this still matches.
 */
function wranglerLike(entry, name, plugins = []) {
  const nodeEnv = JSON.stringify('production')
  return {
    entryPoints: [entry],
    absWorkingDir: ROOT,
    outdir: BUILD_DIR,
    entryNames: name,
    bundle: true,
    format: 'esm',
    target: 'es2024',
    supported: { 'import-source': true, using: true },
    minify: true,
    keepNames: false,
    conditions: ['workerd', 'worker', 'browser'],
    external: ['__STATIC_CONTENT_MANIFEST'],
    define: {
      'navigator.userAgent': '"Cloudflare-Workers"',
      'process.env.NODE_ENV': nodeEnv,
      'global.process.env.NODE_ENV': nodeEnv,
      'globalThis.process.env.NODE_ENV': nodeEnv,
    },
    loader: { '.js': 'jsx', '.mjs': 'jsx', '.cjs': 'jsx' },
    metafile: true,
    logLevel: 'error',
    plugins: [
      ...plugins,
      // As wrangler: the runtime's own modules stay imports.
      { name: 'cloudflare-internal', setup: (b) => b.onResolve({ filter: /^cloudflare:/ }, () => ({ external: true })) },
    ],
  }
}

/** The module of the redirect path whose imports the variants rewrite, unless a swap names its own. */
const IMPORTER = 'src/routes/short-link.ts'
/**
 * What each variant swaps: `module` (as `importer`, by default IMPORTER, imports it) for `stub`,
 * whose `names` replace the real ones (the stub re-exports the rest). Counting is two modules
 * since the redesign: send.ts batches and sends (recordHit), hits.ts describes the request
 * (hitOf). The idle counter swaps the ClickCounter class the Worker exports.
 */
const STUBS = {
  counting: [
    { module: 'src/clicks/send.ts', stub: 'bench/variants/no-counting.js', names: ['recordHit'] },
    { module: 'src/clicks/hits.ts', stub: 'bench/variants/no-hit.js', names: ['hitOf'] },
  ],
  botDetection: [{ module: 'src/preview/bots.ts', stub: 'bench/variants/no-bot-detection.js', names: ['isBot'] }],
  idleCounter: [
    { importer: 'src/index.ts', module: 'src/clicks/counter.ts', stub: 'bench/variants/idle-counter.js', names: ['ClickCounter'] },
  ],
  metered: [
    { importer: 'src/index.ts', module: 'src/clicks/counter.ts', stub: 'bench/variants/metered-counter.ts', names: ['ClickCounter'] },
  ],
}

/**
 * An esbuild plugin: when a swap's importer imports one of `replace`'s modules (relative paths
 * from the repository root), it gets the stub instead. `used` collects the modules actually swapped.
 */
function swapForStubs(replace, used) {
  const swaps = replace.map(({ importer = IMPORTER, module, stub }) => ({
    importer: join(ROOT, importer),
    module: join(ROOT, module),
    stub: join(ROOT, stub),
  }))
  return {
    name: 'bench-swap-for-stubs',
    setup(b) {
      b.onResolve({ filter: /^\.\.?\// }, (args) => {
        const base = join(args.resolveDir, args.path)
        for (const candidate of [base, `${base}.ts`]) {
          const swap = swaps.find((s) => s.importer === args.importer && s.module === candidate)
          if (swap) {
            used.add(relative(ROOT, candidate))
            return { path: swap.stub }
          }
        }
        return undefined
      })
    },
  }
}

/** The names a module exports, as esbuild reads them (the module alone, not bundled). */
async function exportsOf(file) {
  const result = await build({
    entryPoints: [join(ROOT, file)],
    bundle: false,
    write: false,
    format: 'esm',
    metafile: true,
    logLevel: 'error',
  })
  return new Set(Object.values(result.metafile.outputs).flatMap((o) => o.exports))
}

/** The names `importer` imports (or re-exports) from `module`, read from its source (`import { a, type B } from '…'`). */
function importedNames(importer, module) {
  const source = readFileSync(join(ROOT, importer), 'utf8')
  const names = new Set()
  for (const m of source.matchAll(/(?:import|export)\s*(?:type\s*)?\{([^}]*)\}\s*from\s*'(\.\.?\/[^']+)'/g)) {
    const target = relative(ROOT, join(ROOT, importer, '..', m[2]))
    if (target !== module && `${target}.ts` !== module) continue
    for (const part of m[1].split(',')) {
      const name = part
        .replace(/^\s*type\s+/, '')
        .split(/\s+as\s+/)[0]
        .trim()
      if (name) names.add(name)
    }
  }
  return names
}

/**
 * Fails loudly unless every swap still means what it says: its importer imports each stubbed name
 * from the module, the module still exports it, and the stub defines it (a renamed function would
 * otherwise pass through the stub's re-export untouched, and the variant would measure nothing).
 */
async function checkSwaps() {
  for (const [key, swaps] of Object.entries(STUBS)) {
    for (const { importer = IMPORTER, module, stub, names } of swaps) {
      const exported = await exportsOf(module)
      const imported = importedNames(importer, module)
      const stubSource = readFileSync(join(ROOT, stub), 'utf8')
      for (const name of names) {
        const where = `the ${key} variants swap ${module}'s ${name} for ${stub}'s`
        if (!exported.has(name)) throw new Error(`${where}, but ${module} no longer exports ${name}`)
        if (!imported.has(name)) throw new Error(`${where}, but ${importer} no longer imports ${name} from it`)
        if (!new RegExp(`export ((async )?function|class) ${name}\\b`).test(stubSource))
          throw new Error(`${where}, but the stub does not define it`)
      }
    }
  }
}

/** Minified code with every identifier blanked: equal if two builds differ only in names. */
const shape = (file) =>
  readFileSync(file, 'utf8')
    .replace(/^\/\/# sourceMappingURL=.*$/m, '')
    .trim()
    .replace(/[A-Za-z_$][\w$]*/g, 'x')

/**
 * bench/.build/metered.js: the Worker as wrangler bundles it, with the bench's metered ClickCounter
 * (bench/workers/metered-counter.ts) in the place of the production one, which carries no meter:
 * what the sections that price rows and calls read (reading()).
 */
export async function buildMetered() {
  await checkSwaps()
  const used = new Set()
  await build(wranglerLike(join(ROOT, 'src', 'index.ts'), 'metered', [swapForStubs(STUBS.metered, used)]))
  if (!used.has('src/clicks/counter.ts'))
    throw new Error('src/index.ts no longer imports src/clicks/counter.ts: the metered build meters nothing')
  return join(BUILD_DIR, 'metered.js')
}

/**
 * Section B's by-elimination Workers, in bench/.build/:
 *   control          sharelink, nothing replaced (the baseline the others are compared with)
 *   noCounting       recordHit and hitOf are no-ops on the redirect path (send.ts and hits.ts swapped)
 *   noBotDetection   isBot is always false on the redirect path
 *   neither          both
 *   idleCounter      the ClickCounter takes each batch and keeps nothing (the redirect's share of counting)
 *   honoMin          bench/workers/hono-min.js: Hono, an in-isolate cache, a 302; no sharelink code
 * Throws if a swap did not happen (src/ moved on): a variant equal to the control measures nothing.
 * `sameAsWrangler` says whether the control is wrangler's bundle up to minified identifier names.
 */
export async function buildVariants(wranglerScript) {
  await checkSwaps()
  const specs = {
    control: [],
    noCounting: STUBS.counting,
    noBotDetection: STUBS.botDetection,
    neither: [...STUBS.counting, ...STUBS.botDetection],
    idleCounter: STUBS.idleCounter,
  }
  const out = {}
  for (const [key, replace] of Object.entries(specs)) {
    const name = `variant-${key}`
    const used = new Set()
    const result = await build(wranglerLike(join(ROOT, 'src', 'index.ts'), name, [swapForStubs(replace, used)]))
    for (const { importer = IMPORTER, module, stub } of replace) {
      if (!used.has(module)) throw new Error(`${importer} no longer imports ${module}: the ${key} variant would not replace it`)
      if (!(stub in result.metafile.inputs)) throw new Error(`the ${key} variant's bundle does not contain ${stub}`)
    }
    out[key] = join(BUILD_DIR, `${name}.js`)
  }
  await build(wranglerLike(join(ROOT, 'bench', 'workers', 'hono-min.js'), 'variant-honoMin'))
  out.honoMin = join(BUILD_DIR, 'variant-honoMin.js')
  out.sameAsWrangler = shape(out.control) === shape(wranglerScript)
  return out
}
