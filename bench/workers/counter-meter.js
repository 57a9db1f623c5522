/**
 * Reads sharelink's ClickCounter meters from inside workerd: one binding per measured Worker to
 * its ClickCounter class (lib/counters.mjs names them), and for a list of link ids, each
 * object's reading() (the same RPC the bench could make from Node, a hundred times faster here).
 *
 *   POST / {"binding": "…", "ids": ["…"]}  → {"sum": {field: n}, "objects": n}
 *   objects: how many of them had been called (requests > 0)
 */
export default {
  async fetch(request, env) {
    const { binding, ids } = await request.json()
    const ns = env[binding]
    if (!ns) return Response.json({ error: `no binding ${binding}` }, { status: 400 })
    const sum = {}
    let objects = 0
    // A few hundred at a time: every call is a live object's RPC.
    for (let i = 0; i < ids.length; i += 200) {
      const readings = await Promise.all(ids.slice(i, i + 200).map((id) => ns.get(ns.idFromName(id)).reading()))
      for (const r of readings) {
        if (r.requests) objects++
        for (const [k, v] of Object.entries(r)) sum[k] = (sum[k] ?? 0) + v
      }
    }
    return Response.json({ sum, objects })
  },
}
