/**
 * Builds what the benchmark runs:
 *  - the real Worker exactly as `wrangler deploy` bundles it (dry run: offline, no account), so the
 *    numbers are for the deployed code, minified and all;
 *  - small esbuild bundles of src/ functions for the micro-benchmarks (Node, and a workerd
 *    worker for readMeta, which needs HTMLRewriter).
 */
import { spawn } from 'node:child_process'
import { existsSync, mkdirSync, rmSync } from 'node:fs'
import { join } from 'node:path'
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
