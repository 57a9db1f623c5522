/**
 * The KV meter: a Worker standing between other Workers' KV bindings and Miniflare's local KV
 * storage (wired by lib/kv-meter-plugin.mjs). A KV binding speaks HTTP to its storage service:
 *   GET /<key>  POST /bulk/get  GET /?prefix=… (list)   reads
 *   PUT /<key>  DELETE /<key>                            writes
 * The meter counts each request by kind, per namespace, and forwards it unchanged, so the Worker
 * under test runs its own code against a real KV binding and every write it makes is seen here.
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
    tally[namespace] ??= { reads: 0, writes: 0, lists: 0, failed: 0, writesByPrefix: {} }
    const counts = tally[namespace]
    // Miniflare's KV entry service takes the namespace from this header when the binding names none.
    const headers = new Headers(request.headers)
    headers.set('MF-Namespace', namespace)
    const response = await env.UPSTREAM.fetch(new Request(request, { headers }))
    // Counted once storage has answered: a refused write is a failure, not a write.
    if (response.status >= 500) counts.failed++
    else {
      const kind = kindOf(request.method, path)
      counts[kind]++
      if (kind === 'writes') {
        // Which keys are written ("count:", "pending:", "naive:"…) says why.
        const prefix = `${decodeURIComponent(path.slice(1)).split(':')[0]}:`
        counts.writesByPrefix[prefix] = (counts.writesByPrefix[prefix] ?? 0) + 1
      }
    }
    return response
  },
}
