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

/** The problems src/config.ts finds in `vars` (each `{ variable, message }`). */
export async function configProblems(vars) {
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
    return parseConfig(vars).problems
  } finally {
    rmSync(scratch, { recursive: true, force: true })
  }
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
