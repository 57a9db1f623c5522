/**
 * What must hold across Cloudflare's locations, where KV shows a write elsewhere only after a
 * delay: every decision is made by the one owner of the state, never read back from a KV copy.
 * The delay here is 300 ms (60 s in production); test/eventual-kv.ts simulates it.
 */
import { describe, expect, it } from 'vitest'
import { type EventualKv, eventualKv, OWNERS } from './eventual-kv'
import { advanceClock, BASE, BROWSER, clientsOf, FACEBOOK_UA, htmlPage, kvCopiesWritten, ok, stubOrigin } from './helpers'

/** The API as a caller in `location` reaches it (the typed client, over that location's Worker). */
const adminAt = (kv: EventualKv, location: string) => clientsOf((request) => kv.fetchAt(location, request)).adminApi
/** A short link opened in a location: raw, as a browser or crawler sends it. */
const visit = (code: string, headers: Record<string, string> = BROWSER) => new Request(`${BASE}/${code}`, { headers, redirect: 'manual' })

describe('KV that shows writes elsewhere only later', () => {
  it('20 first shares of one article on one channel, from 20 locations at once, make one link', async () => {
    const kv = eventualKv(300)
    const url = 'https://news.test/everywhere'
    stubOrigin({ [url]: htmlPage('<title>Everywhere at once</title>') })
    // With the admin key: twenty shares from one test client would meet the rate limit.
    const responses = await Promise.all(
      Array.from({ length: 20 }, (_, i) => adminAt(kv, `location-${i}`).share.$post({ json: { url, channel: 'x' } })),
    )
    expect(responses.filter((r) => r.status === 201)).toHaveLength(1)
    expect(responses.filter((r) => r.status === 200)).toHaveLength(19)
    const bodies = await Promise.all(responses.map((r) => ok(r, r.status === 201 ? 201 : 200)))
    expect(new Set(bodies.map((b) => b.code)).size).toBe(1)
    // Every location answered the whole link, though none could read it from KV yet.
    expect(bodies.every((b) => b.title === 'Everywhere at once')).toBe(true)
    const code = bodies[0]!.code
    expect(await kv.readAt('location-far', `link:${code}`)).toBeNull()
    // A crawler elsewhere, seconds after the share, still gets the card: the owner answers a KV miss.
    const card = await kv.fetchAt('location-far', visit(code, { 'User-Agent': FACEBOOK_UA }))
    expect(card.status).toBe(200)
    expect(await card.text()).toContain('Everywhere at once')
    // Once KV settles, every location reads the one link, and the next press anywhere finds it.
    kv.settle()
    expect(JSON.parse((await kv.readAt('location-far', `link:${code}`))!)).toMatchObject({ code, url })
    const again = await ok(adminAt(kv, 'location-late').share.$post({ json: { url, channel: 'x' } }), 200)
    expect(again.code).toBe(code)
  })

  it('delete, edit and refresh sent at once from three locations leave the link deleted everywhere once KV settles', async () => {
    const kv = eventualKv(300)
    const url = 'https://news.test/contested'
    stubOrigin({ [url]: htmlPage('<title>Contested</title>') })
    const { code } = await ok(adminAt(kv, 'location-a').links.$post({ json: { url } }), 201)
    kv.settle()
    // Readers everywhere have the live link in their isolates.
    for (const location of ['location-b', 'location-c', 'location-d']) {
      expect((await kv.fetchAt(location, visit(code))).status).toBe(302)
    }
    const [deleted, edited, refreshed] = await Promise.all([
      adminAt(kv, 'location-b').links[':code'].$delete({ param: { code } }),
      adminAt(kv, 'location-c').links[':code'].$patch({ param: { code }, json: { title: 'Edited at the same moment' } }),
      adminAt(kv, 'location-d').links[':code'].refresh.$post({ param: { code } }),
    ])
    expect(deleted.status).toBe(204)
    // The others either came first (200) or found it deleted (404); none revives it.
    expect([200, 404]).toContain(edited.status)
    expect([200, 404]).toContain(refreshed.status)

    // Time passes: the owner's last copy goes out on its turn, KV settles, the isolates' copies (5 s) lapse.
    await kvCopiesWritten(code)
    advanceClock(6_000)
    for (const location of ['location-a', 'location-b', 'location-c', 'location-d', 'location-e']) {
      const res = await kv.fetchAt(location, visit(code))
      expect([location, res.status]).toEqual([location, 410])
      expect(JSON.parse((await kv.readAt(location, `link:${code}`))!)).toMatchObject({ deletedAt: expect.any(String) })
    }
    // Only the owner wrote the record's copy, one version after another.
    const writes = kv.writes(`link:${code}`)
    expect(writes.every((w) => w.location === OWNERS)).toBe(true)
    const versions = writes.map((w) => (JSON.parse(w.value!) as { version: number }).version)
    expect(versions).toEqual([...versions].sort((a, b) => a - b))
  })
})
