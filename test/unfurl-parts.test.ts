/** The unfurler's pure parts, case by case: charsets, image candidates, JSON-LD, title and field shapes. */
import { describe, expect, it } from 'vitest'
import { charsetParam, encodingFor, sniffCharset } from '../src/unfurl/charset'
import { isoTime, ogLocale, withoutSiteSuffix } from '../src/unfurl/fields'
import { cardImageUrl, firstCardImage, type ImgAttributes, storyPicture } from '../src/unfurl/images'
import { parseScript, readLinkedData } from '../src/unfurl/json-ld'

const ascii = (s: string) => new TextEncoder().encode(s)

describe('charsets', () => {
  it('reads the label of a Content-Type, quoted or not', () => {
    expect(charsetParam('text/html; charset=windows-1251')).toBe('windows-1251')
    expect(charsetParam('text/html;charset="Shift_JIS"')).toBe('Shift_JIS')
    expect(charsetParam('text/html')).toBeNull()
    expect(charsetParam(null)).toBeNull()
  })

  it('names encodings the way browsers do, and only ones HTMLRewriter can decode', () => {
    expect(encodingFor('latin1')).toBe('windows-1252')
    expect(encodingFor(' SJIS ')).toBe('shift_jis')
    expect(encodingFor('cp1251')).toBe('windows-1251')
    expect(encodingFor('utf-16')).toBe('utf-8')
    expect(encodingFor('x-bogus')).toBeNull()
  })

  it('finds <meta charset> and <meta http-equiv> in the first bytes, skipping comments and other metas', () => {
    expect(sniffCharset(ascii('<meta name="description" content="charset=koi8-r"><meta charset=koi8-r>'))).toBe('koi8-r')
    expect(sniffCharset(ascii('<META HTTP-EQUIV="Content-Type" CONTENT="text/html; charset=ISO-8859-2">'))).toBe('iso-8859-2')
    expect(sniffCharset(ascii('<!-- <meta charset="gbk"> --><title>x</title>'))).toBeNull()
    expect(sniffCharset(ascii('<meta charset="nonsense"><meta charset="euc-kr">'))).toBe('euc-kr')
    expect(sniffCharset(Uint8Array.of(0xef, 0xbb, 0xbf, ...ascii('<meta charset="windows-1251">')))).toBe('utf-8')
  })
})

describe('image candidates', () => {
  const base = new URL('https://news.test/a/story')
  it('keep their scheme and host; refuse other schemes, credentials and SVG', () => {
    expect(cardImageUrl('http://img.example/p.jpg', base)).toBe('http://img.example/p.jpg')
    expect(cardImageUrl('//cdn.example/p.jpg', base)).toBe('https://cdn.example/p.jpg')
    expect(cardImageUrl('p.jpg?w=1&amp;h=2', base)).toBe('https://news.test/a/p.jpg?w=1&h=2')
    for (const bad of ['javascript:alert(1)', ' data:image/png;base64,AA', 'ftp://x/p.jpg', 'https://u:p@x/p.jpg', '/logo.SVG', '', '  ']) {
      expect([bad, cardImageUrl(bad, base)]).toEqual([bad, null])
    }
  })

  it('pass the turn to the next when refused, with that one’s own size and alt', () => {
    const got = firstCardImage(
      [
        { src: 'data:,x', width: 1 },
        { src: '/b.jpg', width: 800, alt: 'B' },
      ],
      base,
    )
    expect(got).toEqual({ url: 'https://news.test/b.jpg', width: 800, alt: 'B' })
    expect(firstCardImage([], base)).toBeNull()
  })

  const img = (over: Partial<ImgAttributes>): ImgAttributes => ({
    src: '/photo.jpg',
    lazySrc: null,
    width: '1200',
    height: '675',
    alt: null,
    className: null,
    id: null,
    ...over,
  })
  it('take a content <img> only when it is plausibly the story’s picture', () => {
    expect(storyPicture(img({ alt: 'Silicon Valley offices' }))).toEqual({
      src: '/photo.jpg',
      width: 1200,
      height: 675,
      alt: 'Silicon Valley offices',
    })
    expect(storyPicture(img({ width: '800px', height: null }))).toMatchObject({ width: 800 })
    expect(storyPicture(img({ src: 'data:image/gif;base64,R0l', lazySrc: '/real.jpg' }))).toMatchObject({ src: '/real.jpg' })
    expect(storyPicture(img({ src: '/uploads/catalogo/photo.jpg' }))).not.toBeNull()
    for (const [why, over] of [
      ['undeclared size', { width: null, height: null }],
      ['percent width', { width: '100%', height: null }],
      ['small', { width: '150', height: '150' }],
      ['tracking pixel', { width: '1', height: '1' }],
      ['ad strip', { width: '728', height: '90' }],
      ['logo class', { className: 'custom-logo' }],
      ['camelCase id', { id: 'siteLogo' }],
      ['avatar file', { src: '/authors/jane-avatar.png' }],
      ['sprite', { src: '/theme/sprite.png' }],
      ['placeholder only', { src: 'data:image/gif;base64,R0l' }],
    ] as const) {
      expect([why, storyPicture(img(over))]).toEqual([why, null])
    }
  })
})

describe('JSON-LD', () => {
  it('follows @id references in a graph, reads ImageObject sizes and names, and skips what is not JSON', () => {
    const scripts = [
      parseScript('{"@type": "NewsArticle", "headline": "broken",}'),
      parseScript(
        JSON.stringify({
          '@graph': [
            {
              '@type': 'Article',
              headline: 'H',
              image: { '@id': '#img' },
              author: [{ '@id': '#p' }, 'Jo Bloggs'],
              publisher: { '@id': '#org' },
            },
            {
              '@type': 'ImageObject',
              '@id': '#img',
              contentUrl: '/i.jpg',
              width: { '@type': 'QuantitativeValue', value: 640 },
              height: '480',
              caption: 'C',
            },
            { '@type': 'Person', '@id': '#p', name: 'Ann Example' },
            { '@type': 'Organization', '@id': '#org', name: 'The Org' },
            { '@type': 'WebPage', description: 'From the page' },
          ],
        }),
      ),
    ]
    expect(scripts[0]).toBeNull()
    expect(readLinkedData(scripts)).toEqual({
      headline: 'H',
      description: 'From the page',
      images: [{ src: '/i.jpg', width: 640, height: 480, alt: 'C' }],
      author: 'Ann Example, Jo Bloggs',
      publisher: 'The Org',
    })
  })

  it('takes types written as schema.org IRIs, and ignores nodes of other types', () => {
    const ld = readLinkedData([
      [
        { '@type': 'Recipe', name: 'Soup' },
        { '@type': 'https://schema.org/BlogPosting', headline: 'Post' },
      ],
    ])
    expect(ld.headline).toBe('Post')
  })
})

describe('titles, locales, times', () => {
  it('cut a trailing site name only when it is the site’s', () => {
    expect(withoutSiteSuffix('Story | Site', ['Site'])).toBe('Story')
    expect(withoutSiteSuffix('Story – The Site', ['the site'])).toBe('Story')
    expect(withoutSiteSuffix('A - B | news.test', ['', 'news.test'])).toBe('A - B')
    expect(withoutSiteSuffix('Story | Live', ['Site'])).toBe('Story | Live')
    expect(withoutSiteSuffix('Site', ['Site'])).toBe('Site')
    expect(withoutSiteSuffix(' | Site', ['Site'])).toBe(' | Site')
    expect(withoutSiteSuffix('Story-Site', ['Site'])).toBe('Story-Site')
  })

  it('write locales as Open Graph does', () => {
    expect(ogLocale('en-us')).toBe('en_US')
    expect(ogLocale('pt_BR')).toBe('pt_BR')
    expect(ogLocale('DE')).toBe('de')
    expect(ogLocale('es-419')).toBe('es_419')
    expect(ogLocale('en-Latn-US')).toBeUndefined()
    expect(ogLocale('"><script>')).toBeUndefined()
  })

  it('keep ISO 8601 times, mending the common near-misses, and drop the rest', () => {
    expect(isoTime('2026-11-26T08:30:00+01:00')).toBe('2026-11-26T08:30:00+01:00')
    expect(isoTime('2026-11-26 08:30')).toBe('2026-11-26T08:30')
    expect(isoTime('2026-11-26T08:30:00+0100')).toBe('2026-11-26T08:30:00+01:00')
    expect(isoTime('2026-11-26')).toBe('2026-11-26')
    expect(isoTime('26 November 2026')).toBeUndefined()
    expect(isoTime('2026-13-45')).toBeUndefined()
  })
})
