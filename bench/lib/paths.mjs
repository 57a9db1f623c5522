import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

export const BENCH_DIR = join(dirname(fileURLToPath(import.meta.url)), '..')
export const ROOT = join(BENCH_DIR, '..')
/** Build output, gitignored. */
export const BUILD_DIR = join(BENCH_DIR, '.build')
