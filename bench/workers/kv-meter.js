/**
 * The KV meter: a Worker standing between other Workers' KV bindings and Miniflare's local KV
 * storage (wired by lib/kv-meter-plugin.mjs). A KV binding speaks HTTP to its storage service:
 *   GET /<key>  POST /bulk/get  GET /?prefix=… (list)   reads
 *   PUT /<key>  DELETE /<key>                            writes
 * The meter counts each request by kind, per namespace, and forwards it unchanged, so the Worker
 * under test runs its own code against a real KV binding and every write it makes is seen here.
 * Reads and writes are also counted by key prefix ("link:", "count:"…), which says why; a bulk
 * get counts as one read per key, as KV bills it.
 *
 *   GET /__bench/tally  (no namespace: a call from the benchmark, not a binding) → counts as JSON
 */
const tally = {}

function kindOf(method, path) {
  if (method === 'PUT' || method === 'DELETE') return 'writes'
  if (method === 'GET' && path === '/') return 'lists'
  return 'reads'
}

export default {
  async fetch(request, env, ctx) {
    const namespace = ctx.props?.namespace
    if (!namespace) return Response.json(tally)
    const path = new URL(request.url).pathname
    tally[namespace] ??= { reads: 0, writes: 0, lists: 0, failed: 0, writesByPrefix: {}, readsByPrefix: {} }
    const counts = tally[namespace]
    const bulkKeys =
      request.method === 'POST' && path === '/bulk/get'
        ? ((
            await request
              .clone()
              .json()
              .catch(() => ({}))
          ).keys ?? [])
        : null
    // Miniflare's KV entry service takes the namespace from this header when the binding names none.
    const headers = new Headers(request.headers)
    headers.set('MF-Namespace', namespace)
    const response = await env.UPSTREAM.fetch(new Request(request, { headers }))
    // Counted once storage has answered: a refused write is a failure, not a write.
    if (response.status >= 500) counts.failed++
    else {
      const kind = kindOf(request.method, path)
      const keys = bulkKeys ?? [decodeURIComponent(path.slice(1))]
      counts[kind] += kind === 'reads' ? keys.length : 1
      if (kind === 'writes' || kind === 'reads') {
        // Which keys are read and written ("link:", "count:", "pending:", "naive:"…) says why.
        const byPrefix = kind === 'writes' ? counts.writesByPrefix : counts.readsByPrefix
        for (const key of keys) {
          const prefix = `${String(key).split(':')[0]}:`
          byPrefix[prefix] = (byPrefix[prefix] ?? 0) + 1
        }
      }
    }
    return response
  },
}
