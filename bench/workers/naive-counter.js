/**
 * The naive KV click counter, as many people first build it: read the number, add one, write it
 * back, after the response (waitUntil). Concurrent clicks read the same value and overwrite each
 * other's increments, and every click is a KV write.
 *
 *   GET /:code        302 to an article, counted
 *   GET /count/:code  the stored count
 */
export default {
  async fetch(request, env, ctx) {
    const path = new URL(request.url).pathname
    const count = /^\/count\/([\w-]+)$/.exec(path)
    if (count) return new Response(String(Number((await env.LINKS.get(`naive:${count[1]}`)) ?? 0)))
    const click = /^\/([\w-]+)$/.exec(path)
    if (!click) return new Response('not found', { status: 404 })
    const key = `naive:${click[1]}`
    ctx.waitUntil(
      (async () => {
        const n = Number((await env.LINKS.get(key)) ?? 0)
        await env.LINKS.put(key, String(n + 1))
      })(),
    )
    return new Response(null, { status: 302, headers: { Location: 'https://news.example.com/story' } })
  },
}
