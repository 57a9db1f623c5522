/**
 * Reading sharelink's own meters: each ClickCounter's `reading()` (what it cost: requests,
 * alarms, SQLite rows read and written as SqlStorageCursor reports them, KV writes, D1 rows from
 * D1's result meta), called over RPC by name, as src/clicks/send.ts's counterOf(env, id) reaches
 * the object: from Node through Miniflare's binding proxy for a few, from a reader Worker inside
 * workerd (bench/workers/counter-meter.js) for thousands; and link ids from D1's `links`.
 */
import { join } from 'node:path'
import { BENCH_DIR } from './paths.mjs'

/** The meter's fields, summed over objects. */
export const METER_FIELDS = ['requests', 'alarms', 'batches', 'hits', 'rowsRead', 'rowsWritten', 'kvWrites', 'd1RowsRead', 'd1RowsWritten']

export const emptyMeter = () => Object.fromEntries(METER_FIELDS.map((f) => [f, 0]))

/** `{ code: id }` of every link generation in the Worker's D1 (the owner writes one row per link). */
export async function linkIds(mf, worker) {
  const db = await mf.getD1Database('ANALYTICS', worker)
  const { results } = await db.prepare('SELECT id, code FROM links').all()
  return Object.fromEntries(results.map((r) => [r.code, r.id]))
}

/** One counter's reading, by link id (the object is named by the link's generation id). */
export async function counterReading(mf, worker, linkId, ns) {
  ns ??= await mf.getDurableObjectNamespace('CLICK_COUNTER', worker)
  // A plain copy: the proxy's object answers each field with a round trip.
  return { ...(await ns.get(ns.idFromName(linkId)).reading()) }
}

const bindingOf = (worker) => `COUNTER_${worker.replace(/\W/g, '_').toUpperCase()}`

/** The reader Worker's options: a binding to each of `workers`' ClickCounter class. */
export function counterMeterWorker(name, workers, compatibilityDate) {
  return {
    name,
    modules: true,
    scriptPath: join(BENCH_DIR, 'workers', 'counter-meter.js'),
    compatibilityDate,
    durableObjects: Object.fromEntries(workers.map((w) => [bindingOf(w), { className: 'ClickCounter', scriptName: w, useSQLite: true }])),
  }
}

/** The readings of many counters of `worker`, summed, through the reader Worker `reader`; `objects` counts those called. */
export async function summedReadings(mf, reader, worker, ids) {
  const res = await (await mf.getWorker(reader)).fetch('http://reader/', {
    method: 'POST',
    body: JSON.stringify({ binding: bindingOf(worker), ids }),
  })
  const body = await res.json()
  if (!res.ok) throw new Error(`reading the counters of ${worker}: ${JSON.stringify(body)}`)
  return { ...emptyMeter(), ...body.sum, objects: body.objects }
}

/** a − b, field by field. */
export const minus = (a, b) => Object.fromEntries(METER_FIELDS.map((f) => [f, (a[f] ?? 0) - (b[f] ?? 0)]))

/** One counter's exact figures ({ clicks, repeats, … }), as the stats API's ?fresh=1 reads them. */
export async function counterCounts(mf, worker, linkId) {
  const ns = await mf.getDurableObjectNamespace('CLICK_COUNTER', worker)
  return JSON.parse(await ns.get(ns.idFromName(linkId)).counts())
}
