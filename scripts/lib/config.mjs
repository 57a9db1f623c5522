/**
 * The Worker's own configuration rules (src/config.ts), run in Node: `npm start` and `npm run
 * deploy` print the same problems /healthz would, before they start anything.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { build } from 'esbuild'

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..')

/**
 * `vars` as src/config.ts parses them: `{ base, baseUrl, allowed, problems, ... }`. The Worker's
 * own module, bundled for Node, so a script never decides a host or a var differently from it.
 */
export async function parsedConfig(vars) {
  const scratch = mkdtempSync(join(tmpdir(), 'sharelink-config-'))
  try {
    const outfile = join(scratch, 'config.mjs')
    await build({
      absWorkingDir: ROOT,
      entryPoints: ['src/config.ts'],
      outfile,
      bundle: true,
      format: 'esm',
      platform: 'node',
      logLevel: 'error',
    })
    const { parseConfig } = await import(pathToFileURL(outfile).href)
    return parseConfig(vars)
  } finally {
    rmSync(scratch, { recursive: true, force: true })
  }
}

/** The problems src/config.ts finds in `vars` (each `{ variable, message }`). */
export async function configProblems(vars) {
  return (await parsedConfig(vars)).problems
}

/** The vars of a .dev.vars-style file (KEY=value lines, optional quotes), or {} if there is none. */
export function readDotVars(text) {
  const out = {}
  for (const line of text.split('\n')) {
    const m = /^\s*(?:export\s+)?([A-Z0-9_]+)\s*=\s*(.*?)\s*$/.exec(line)
    if (m) out[m[1]] = m[2].replace(/^(["'])(.*)\1$/, '$2')
  }
  return out
}

/**
 * The vars `wrangler dev` hands the Worker: wrangler.toml's [vars], then .dev.vars over them. With
 * a `[secrets] required` list (ours has one), wrangler takes from .dev.vars only the names [vars]
 * or that list know, and silently drops the rest: a name only in .dev.vars never reaches the Worker.
 */
export function devVars(config, dotVarsText) {
  const known = new Set([...Object.keys(config.vars ?? {}), ...(config.secrets?.required ?? [])])
  const dot = readDotVars(dotVarsText)
  const taken = config.secrets ? Object.fromEntries(Object.entries(dot).filter(([k]) => known.has(k))) : dot
  return { ...config.vars, ...taken }
}
