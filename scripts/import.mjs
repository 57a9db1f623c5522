#!/usr/bin/env node
// `npm run import -- FILE`: brings the links of a Bitly, Dub, Sink, Shlink or sharelink export into
// a running sharelink, through POST /api/links/import, sending the file again while the service
// says links remain (it makes a few hundred a call). A second run makes nothing.
//
//   npm run import -- links.csv                          into `npm start` (http://localhost:$PORT, the key in .dev.vars)
//   npm run import -- links.json --to https://s.example.com   elsewhere: the key from API_KEY in the environment
import { existsSync, readFileSync } from 'node:fs'
import { extname, join } from 'node:path'
import { parseArgs } from 'node:util'
import { ROOT, readDotVars } from './lib/config.mjs'

function usage(message) {
  if (message) console.error(`import: ${message}`)
  console.error('usage: npm run import -- FILE [--to URL]   (the key: API_KEY in the environment, else .dev.vars)')
  process.exit(2)
}

const { values, positionals } = (() => {
  try {
    return parseArgs({ allowPositionals: true, options: { to: { type: 'string' } } })
  } catch (err) {
    return usage(err.message)
  }
})()
const [file] = positionals
if (!file || positionals.length > 1) usage('name one export file')
if (!existsSync(file)) usage(`no file ${file}`)

const base = (values.to ?? `http://localhost:${process.env.PORT || 8787}`).replace(/\/+$/, '')
const devVars = join(ROOT, '.dev.vars')
// API_KEY may list keys for rotation ("old,new"): the last is the newest.
const keys = process.env.API_KEY ?? (existsSync(devVars) ? readDotVars(readFileSync(devVars, 'utf8')).API_KEY : undefined)
const key = keys?.split(',').at(-1)?.trim()
if (!key) usage('no key: set API_KEY (an admin key), or run `npm start` once to make .dev.vars')

const body = readFileSync(file)
const type = { '.csv': 'text/csv', '.json': 'application/json' }[extname(file).toLowerCase()] ?? 'text/plain'
const total = { created: 0, skipped: 0 }
let answer
for (let call = 1; ; call++) {
  let res
  try {
    res = await fetch(`${base}/api/links/import`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${key}`, 'Content-Type': type },
      body,
    })
  } catch (err) {
    console.error(`import: ${base} did not answer (${err.cause?.code ?? err.message}): is the service running?`)
    process.exit(1)
  }
  const json = await res.json().catch(() => null)
  if (!res.ok) {
    console.error(`import: ${res.status} ${json?.error?.code ?? ''}: ${json?.error?.message ?? 'no answer'}`)
    process.exit(1)
  }
  answer = json
  total.created += answer.created
  // Skips of later calls are the rows earlier calls made.
  if (call === 1) total.skipped = answer.skipped
  console.log(`[import] ${answer.format}: ${answer.created} made${answer.remaining ? `, ${answer.remaining} to go` : ''}`)
  if (!answer.remaining || !answer.created) break
}
for (const n of answer.notes) console.log(`  row ${n.row}: ${n.reason}`)
for (const p of answer.problems) console.log(`  row ${p.row} not imported: ${p.reason}`)
console.log(
  `[import] done: ${total.created} links made, ${total.skipped} imported before, ${answer.problems.length} not imported${answer.remaining ? `, ${answer.remaining} left (run again)` : ''}`,
)
