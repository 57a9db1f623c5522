/**
 * The floor for the redirect hot path: no framework, no counting, no bot check; one KV read of
 * the link record sharelink stores (`link:<code>`, JSON with `url`) and a 302. Whatever sharelink
 * does per click costs on top of this.
 */
export default {
  async fetch(request, env) {
    const code = new URL(request.url).pathname.slice(1)
    const rec = code ? await env.LINKS.get(`link:${code}`, 'json') : null
    if (!rec) return new Response('not found', { status: 404 })
    return new Response(null, { status: 302, headers: { Location: rec.url } })
  },
}
