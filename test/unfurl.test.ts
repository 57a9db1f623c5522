/**
 * Unfurling: an article page in, its preview metadata out. The pages come from a stubbed origin;
 * the reading is the real HTMLRewriter of the Workers runtime.
 */
import { describe, expect, it } from 'vitest'
import { parseHostList } from '../src/links/hosts'
import { type FetchLimits, type Unfurled, unfurl } from '../src/unfurl'
import { readMeta } from '../src/unfurl/read-meta'
import kim from './fixtures/internewscast-kim-jong-un.html?raw'
import plain from './fixtures/plain-no-og.html?raw'
import xss from './fixtures/xss-article.html?raw'
import { htmlPage, redirectTo, respond, stubOrigin } from './helpers'

const allowed = parseHostList('internewscast.com,news.test').matcher

/** Unfurls a page that must be readable. */
async function read(url: string, limits: Partial<FetchLimits> = {}): Promise<Unfurled> {
  const got = await unfurl(new URL(url), { allowed, ...limits })
  if (typeof got === 'string') throw new Error(`${url} could not be read: ${got}`)
  return got
}
const KIM = 'https://internewscast.com/news/kim-jong-un-acknowledges-deaths-of-100-north-korean-soldiers/'

describe('reading a page', () => {
  it('takes Open Graph tags, decodes entities once, and resolves the relative image', async () => {
    const meta = await readMeta(kim, new URL(KIM))
    expect(meta).toEqual({
      canonical: KIM,
      title: 'Kim Jong Un acknowledges deaths of 100 North Korean soldiers he sent to fight for Vladimir Putin',
      description:
        'During a ceremony showcasing the images of 100 North Korean soldiers, attended by their family members, Kim paid tribute to these “heroic” soldiers.',
      image: 'https://internewscast.com/wp-content/uploads/2025/08/kim-jong-un-ceremony-kursk.jpg',
      imageWidth: 1200,
      imageHeight: 675,
      imageAlt: 'Kim Jong Un comforting the children of fallen soldiers at a ceremony on August 22, 2025',
      siteName: 'Internewscast Journal',
      twitterSite: '@internewscast',
      publishedTime: '2025-08-22T18:04:11+00:00',
      locale: 'en_US',
    })
  })

  it('falls back to <title>, meta description and the story’s picture, trimmed', async () => {
    const meta = await readMeta(plain, new URL('https://news.test/world/refinery.html'))
    expect(meta.title).toBe('Ukraine strikes Novoshakhtinsky refinery')
    expect(meta.description).toBe('Long-range drones hit a refinery that processes about 7.5 million tons of oil a year.')
    expect(meta.image).toBe('https://news.test/world/images/refinery.png')
    expect(meta.siteName).toBe('')
    expect(meta.canonical).toBeNull()
  })

  it('keeps markup in texts as text, decodes once, and drops script URLs', async () => {
    const meta = await readMeta(xss, new URL('https://news.test/politics/mayor'))
    expect(meta.title).toBe(`"><script>alert('og')</script> Mayor's "last" day`)
    expect(meta.description).toBe('</title><img src=x onerror=alert(1)> &lt;b&gt; stays encoded once')
    expect(meta.siteName).toBe('The <Daily> "News"')
    expect(meta.image).toBeNull()
    expect(meta.canonical).toBe('https://news.test/politics/mayor?id=7&utm_source=feed')
  })

  it('honours <base href> and ignores later duplicates', async () => {
    const page = `<html><head><base href="https://cdn.news.test/assets/"><meta property="og:image" content="a.jpg">
      <meta property="og:image" content="b.jpg"><meta property="og:title" content="  First  &#x1F600;  title "><meta property="og:title" content="Second"></head></html>`
    const meta = await readMeta(page, new URL('https://news.test/x'))
    expect(meta.image).toBe('https://cdn.news.test/assets/a.jpg')
    expect(meta.title).toBe('First 😀 title')
  })
})

describe('fetching within bounds', () => {
  it('reads an article and follows redirects that stay on allowed hosts', async () => {
    const fetched = stubOrigin({
      'https://news.test/short': redirectTo(KIM, 301),
      [KIM]: htmlPage(kim),
    })
    const got = await read('https://news.test/short')
    expect(got.finalUrl.href).toBe(KIM)
    expect(got.meta.siteName).toBe('Internewscast Journal')
    expect(fetched).toEqual(['https://news.test/short', KIM])
  })

  it('does not follow a redirect off the allowed hosts', async () => {
    const fetched = stubOrigin({
      'https://news.test/out': redirectTo('http://169.254.169.254/latest/meta-data', 302),
    })
    expect(await unfurl(new URL('https://news.test/out'), { allowed })).toBe('redirect_off_hosts')
    expect(fetched).toEqual(['https://news.test/out'])
  })

  it('gives up after a few redirects', async () => {
    stubOrigin({
      'https://news.test/a': redirectTo('/b', 302),
      'https://news.test/b': redirectTo('/a', 302),
    })
    expect(await unfurl(new URL('https://news.test/a'), { allowed })).toBe('too_many_redirects')
  })

  it('refuses what is not HTML, and error statuses', async () => {
    stubOrigin({
      'https://news.test/doc.pdf': respond('%PDF-1.7', { headers: { 'Content-Type': 'application/pdf' } }),
      'https://news.test/api': respond('{"title":"x"}', { headers: { 'Content-Type': 'application/json' } }),
      'https://news.test/missing': respond('gone', { status: 404, headers: { 'Content-Type': 'text/html' } }),
      'https://news.test/removed': respond('gone', { status: 410, headers: { 'Content-Type': 'text/html' } }),
      'https://news.test/blocked': respond('no bots', { status: 403, headers: { 'Content-Type': 'text/html' } }),
    })
    expect(await unfurl(new URL('https://news.test/doc.pdf'), { allowed })).toBe('not_html')
    expect(await unfurl(new URL('https://news.test/api'), { allowed })).toBe('not_html')
    // A page that is not there is told apart from one that would not answer us.
    expect(await unfurl(new URL('https://news.test/missing'), { allowed })).toBe('missing')
    expect(await unfurl(new URL('https://news.test/removed'), { allowed })).toBe('missing')
    expect(await unfurl(new URL('https://news.test/blocked'), { allowed })).toBe('status')
  })

  it('reads at most maxBytes of a huge page and never downloads the rest', async () => {
    const huge = endlessPage('<html><head><title>Big one</title></head><body>', 10 * 1024 * 1024)
    stubOrigin({
      'https://news.test/huge': huge.route,
      'https://news.test/late-meta': htmlPage(
        `<html><head>${'<!-- padding -->'.repeat(80_000)}<meta property="og:title" content="Too late"></head></html>`,
      ),
    })
    const got = await read('https://news.test/huge', { maxBytes: 1 << 20 })
    expect(got.meta.title).toBe('Big one')
    // A few chunks of read-ahead at most, nowhere near the 10 MiB on offer.
    expect(huge.sent()).toBeLessThan(2 * 1024 * 1024)
    const late = await read('https://news.test/late-meta', { maxBytes: 1 << 20 })
    expect(late.meta.title).toBe('')
  })

  it('stops reading once the head is done and an image is known', async () => {
    const page = endlessPage('<html><head><title>Early</title><meta property="og:image" content="/lead.jpg"></head><body>', 4 * 1024 * 1024)
    stubOrigin({ 'https://news.test/early': page.route })
    const got = await read('https://news.test/early')
    expect(got.meta).toMatchObject({ title: 'Early', image: 'https://news.test/lead.jpg' })
    expect(page.sent()).toBeLessThan(256 * 1024)
  })

  it('stops waiting for a hanging origin at the time bound', async () => {
    let aborted: unknown
    stubOrigin({
      // Answers only when its request is aborted: the read ends by the bound or not at all.
      'https://news.test/hang': (req) =>
        new Promise<Response>((_, reject) =>
          req.signal.addEventListener('abort', () => {
            aborted = req.signal.reason
            reject(req.signal.reason)
          }),
        ),
      'https://news.test/slow-body': () =>
        new Response(
          new ReadableStream({
            start(c) {
              c.enqueue(new TextEncoder().encode('<title>Slow'))
            },
          }),
          {
            headers: { 'Content-Type': 'text/html' },
          },
        ),
    })
    expect(await unfurl(new URL('https://news.test/hang'), { allowed, timeoutMs: 200 })).toBe('timeout')
    expect(aborted).toMatchObject({ name: 'TimeoutError' })
    // A body that never ends: what arrived within the bound is the page (without the bound, this never returns).
    expect((await read('https://news.test/slow-body', { timeoutMs: 200 })).meta.title).toBe('Slow')
  })

  it('survives a connection reset', async () => {
    stubOrigin({
      'https://news.test/reset': () => {
        throw new TypeError('Network connection lost.')
      },
    })
    expect(await unfurl(new URL('https://news.test/reset'), { allowed })).toBe('network')
  })
})

describe('charsets, JSON-LD and where reading stops', () => {
  /** Bytes of `text` in windows-1251 (Cyrillic letters and ASCII only). */
  function cp1251(text: string): Uint8Array {
    return Uint8Array.from(text, (ch) => {
      const c = ch.charCodeAt(0)
      if (c < 0x80) return c
      if (c >= 0x410 && c <= 0x44f) return c - 0x410 + 0xc0
      throw new Error(`no windows-1251 byte for ${ch}`)
    })
  }
  const page = (head: string) => cp1251(`<html><head>${head}<title>Новости</title></head><body></body></html>`)
  const serve = (bytes: Uint8Array, type: string) => () => new Response(bytes, { headers: { 'Content-Type': type } })

  it('decodes in the header’s charset, else the one a <meta> names early, else UTF-8', async () => {
    stubOrigin({
      'https://news.test/header': serve(page(''), 'text/html; charset="windows-1251"'),
      'https://news.test/meta': serve(page('<!-- a banner comment --><meta charset=windows-1251>'), 'text/html'),
      // An unknown label in the header is no label: the page's own <meta> decides.
      'https://news.test/bogus-header': serve(page('<meta charset="cp1251">'), 'text/html; charset=x-bogus'),
      'https://news.test/none': serve(cp1251('<title>Новости</title>'), 'text/html'),
    })
    expect((await read('https://news.test/header')).meta.title).toBe('Новости')
    expect((await read('https://news.test/meta')).meta.title).toBe('Новости')
    expect((await read('https://news.test/bogus-header')).meta.title).toBe('Новости')
    expect((await read('https://news.test/none')).meta.title).toBe('\ufffd'.repeat(7))
  })

  it('reads a page that names an encoding HTMLRewriter cannot decode as UTF-8, rather than not at all', async () => {
    stubOrigin({
      'https://news.test/utf16': htmlPage('<title>Plain</title>', { 'Content-Type': 'text/html; charset=utf-16' }),
      'https://news.test/iso-2022-jp': htmlPage('<meta charset="iso-2022-jp"><title>Plain</title>', { 'Content-Type': 'text/html' }),
    })
    expect((await read('https://news.test/utf16')).meta.title).toBe('Plain')
    expect((await read('https://news.test/iso-2022-jp')).meta.title).toBe('Plain')
  })

  it('skips JSON-LD beyond its size bound, whole, and reads what came before', async () => {
    const filler = JSON.stringify({ '@type': 'Thing', name: 'x'.repeat(300 * 1024) })
    const html = `<head><script type="application/ld+json">{"@type":"NewsArticle","headline":"Small enough"}</script>
      <script type="application/ld+json">${filler}</script>
      <script type="application/ld+json">{"@type":"WebPage","description":"After the bound"}</script></head>`
    const meta = await readMeta(html, new URL('https://news.test/ld'))
    expect(meta.title).toBe('Small enough')
    expect(meta.description).toBe('')
  })

  it('reads on into the body when the head names no card image, but only so far', async () => {
    const late = endlessPage(
      '<html><head><title>Late picture</title></head><body><img src="/lead.jpg" width="1200" height="800">' +
        `<p>${'words '.repeat(10_000)}</p><script type="application/ld+json">{"@type":"NewsArticle","image":"/ld.jpg"}</script>`,
      3 * 1024 * 1024,
    )
    const bare = endlessPage('<html><head><title>No picture</title></head><body>', 3 * 1024 * 1024)
    stubOrigin({ 'https://news.test/late': late.route, 'https://news.test/bare': bare.route })
    // The JSON-LD image outranks the story's picture, though it came 60 KB after it.
    expect((await read('https://news.test/late')).meta.image).toBe('https://news.test/ld.jpg')
    // A body with nothing in it is read 128 KiB deep, not to the 1 MiB bound.
    expect((await read('https://news.test/bare')).meta.title).toBe('No picture')
    expect(bare.sent()).toBeLessThan(256 * 1024)
    expect(late.sent()).toBeLessThan(256 * 1024)
  })
})

/** A page that streams `head`, then 16 KiB paragraphs up to `total` bytes; `sent()` says how many left. */
function endlessPage(head: string, total: number) {
  let sent = 0
  const enc = new TextEncoder()
  const chunk = enc.encode(`<p>${'x'.repeat(16 * 1024 - 7)}</p>`)
  const route = () =>
    new Response(
      new ReadableStream({
        start: (c) => c.enqueue(enc.encode(head)),
        pull(c) {
          sent += chunk.byteLength
          if (sent > total) return c.close()
          c.enqueue(chunk)
        },
      }),
      { headers: { 'Content-Type': 'text/html' } },
    )
  return { route, sent: () => sent }
}
