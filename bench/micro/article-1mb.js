/**
 * A news article page of `bytes` bytes, shaped like real ones: a heavy <head> (scripts, styles,
 * many meta tags, the Open Graph ones among them, a Yoast-style JSON-LD graph) and a long body of
 * paragraphs, links and images. 1 MiB is the most the Worker ever reads of a page (the fetch cap
 * in src/unfurl/fetch-article.ts).
 *
 * `article` is the page as ASCII text (characters = bytes). `legacyArticle` is the same shape in
 * Russian, as windows-1251 bytes declared only by a <meta charset> (the reader must find it in
 * the first bytes), optionally without any image in its head: then nothing lets the reader stop
 * at <body>, and it reads the whole MiB for the JSON-LD and the story's picture (the worst case).
 */
export const PAGE_URL = 'https://news.example.com/2026/11/26/a-long-story'

/** The JSON-LD a WordPress page with Yoast prints: an @graph of article, page, image, site, organisation, person. */
function jsonLd(headline, image) {
  const id = (frag) => ({ '@id': `${PAGE_URL}/#${frag}` })
  return JSON.stringify({
    '@context': 'https://schema.org',
    '@graph': [
      {
        '@type': 'NewsArticle',
        ...id('article'),
        isPartOf: id('webpage'),
        author: [id('person-1'), id('person-2')],
        headline,
        datePublished: '2026-11-26T08:00:00+00:00',
        dateModified: '2026-11-26T09:30:00+00:00',
        mainEntityOfPage: id('webpage'),
        wordCount: 2400,
        publisher: id('organization'),
        ...(image ? { image: id('primaryimage'), thumbnailUrl: image } : {}),
        keywords: Array.from({ length: 12 }, (_, i) => `keyword ${i}`),
        articleSection: ['World', 'Europe'],
        inLanguage: 'en-GB',
      },
      {
        '@type': 'WebPage',
        ...id('webpage'),
        url: PAGE_URL,
        name: `${headline} | Example News`,
        isPartOf: id('website'),
        datePublished: '2026-11-26T08:00:00+00:00',
        breadcrumb: {
          '@type': 'BreadcrumbList',
          itemListElement: ['Home', 'World', 'Europe'].map((name, i) => ({
            '@type': 'ListItem',
            position: i + 1,
            name,
            item: `https://news.example.com/${name}`,
          })),
        },
      },
      ...(image
        ? [
            {
              '@type': 'ImageObject',
              ...id('primaryimage'),
              url: image,
              contentUrl: image,
              width: 1200,
              height: 630,
              caption: 'A crowd in a square at dusk',
            },
          ]
        : []),
      { '@type': 'WebSite', ...id('website'), url: 'https://news.example.com/', name: 'Example News', publisher: id('organization') },
      {
        '@type': 'NewsMediaOrganization',
        ...id('organization'),
        name: 'Example News',
        logo: { '@type': 'ImageObject', url: 'https://news.example.com/logo.png', width: 600, height: 60 },
        sameAs: ['https://x.example/examplenews', 'https://facebook.example/examplenews'],
      },
      { '@type': 'Person', ...id('person-1'), name: 'A. Reporter', url: 'https://news.example.com/staff/a-reporter' },
      { '@type': 'Person', ...id('person-2'), name: 'B. Editor', url: 'https://news.example.com/staff/b-editor' },
    ],
  })
}

/** The page's text: `words` gives the language of its texts (English, or Russian for the legacy page). */
function page(bytes, { words, charset, headImage }) {
  const image = 'https://images.example.com/2026/11/lead.jpg?w=1200&amp;h=630'
  const head = [
    `<!doctype html><html lang="${words.lang}"><head><meta charset="${charset}">`,
    '<meta name="viewport" content="width=device-width,initial-scale=1">',
    `<title>${words.headline} | ${words.site}</title>`,
    `<link rel="canonical" href="${PAGE_URL}">`,
    ...Array.from({ length: 40 }, (_, i) => `<meta name="tracking-${i}" content="value ${i} for a tag nobody reads">`),
    ...(headImage
      ? [
          `<meta property="og:title" content="${words.headline}">`,
          `<meta property="og:description" content="${words.standfirst}">`,
          `<meta property="og:image" content="${image}">`,
          '<meta property="og:image:width" content="1200"><meta property="og:image:height" content="630">',
          `<meta property="og:image:alt" content="${words.alt}">`,
          `<meta property="og:site_name" content="${words.site}"><meta name="twitter:site" content="@examplenews">`,
          '<meta name="twitter:card" content="summary_large_image">',
        ]
      : [`<meta name="description" content="${words.standfirst}">`]),
    `<script type="application/ld+json">${jsonLd(words.headline, headImage ? image.replace('&amp;', '&') : null)}</script>`,
    `<script>window.dataLayer=[${'{"event":"pageview","section":"world"},'.repeat(200)}{}]</script>`,
    `<style>${'.story p{margin:0 0 1em;line-height:1.6}.story a{color:#0645ad}'.repeat(200)}</style>`,
    '</head><body><header><nav>' +
      Array.from({ length: 30 }, (_, i) => `<a href="/section/${i}">${words.section} ${i}</a>`).join('') +
      '</nav></header>',
    `<main><article class="story"><h1>${words.headline}</h1>`,
  ].join('\n')
  const tail = `</article></main><footer>${words.site}</footer></body></html>`
  const paragraph = (i) =>
    `<p>${words.paragraph(i)}</p>\n` +
    (i % 10 === 0
      ? `<figure><img src="/img/${i}.jpg" alt="${words.picture} ${i}" width="800" height="450"><figcaption>${words.picture} ${i}</figcaption></figure>\n`
      : '')
  let body = ''
  for (let i = 0; head.length + body.length + tail.length < bytes; i++) body += paragraph(i)
  return (head + body).slice(0, bytes - tail.length) + tail
}

const ENGLISH = {
  lang: 'en',
  site: 'Example News',
  headline: 'A long story &amp; its headline',
  standfirst: 'The standfirst: two sentences on what happened, to whom, and why it matters to the reader.',
  alt: 'A crowd in a square at dusk',
  section: 'Section',
  picture: 'Picture',
  paragraph: (i) =>
    `Paragraph ${i} of the story, with <a href="/related/${i}">a related link</a>, <em>some emphasis</em>, ` +
    'an entity or two (&ldquo;quoted&rdquo; &mdash; as reporters write) and enough words to make a realistic line of text ' +
    'that wraps several times on a phone screen before the next paragraph begins.',
}

const RUSSIAN = {
  lang: 'ru',
  site: 'Пример новостей',
  headline: 'Длинная история и её заголовок',
  standfirst: 'Подводка: два предложения о том, что случилось, с кем и почему это важно читателю.',
  alt: 'Толпа на площади в сумерках',
  section: 'Раздел',
  picture: 'Снимок',
  paragraph: (i) =>
    `Абзац ${i} этой истории, со <a href="/related/${i}">ссылкой на другой материал</a>, <em>выделением</em>, ` +
    'кавычками и тире, как пишут репортёры, и достаточным числом слов, чтобы строка текста ' +
    'несколько раз переносилась на экране телефона, прежде чем начнётся следующий абзац.',
}

/** The English page as text: ASCII, so its length in characters is its size in bytes. */
export function article(bytes) {
  return page(bytes, { words: ENGLISH, charset: 'utf-8', headImage: true })
}

/**
 * The Russian page as windows-1251 bytes, `bytes` long: one byte per character, so the page is
 * built to that many characters, then encoded. `headImage: false` leaves Open Graph out.
 */
export function legacyArticle(bytes, { headImage = true } = {}) {
  return toWindows1251(page(bytes, { words: RUSSIAN, charset: 'windows-1251', headImage }))
}

/** windows-1251 for ASCII and the Russian alphabet, which is all the page uses. */
function toWindows1251(text) {
  const out = new Uint8Array(text.length)
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i)
    if (c < 0x80) out[i] = c
    else if (c >= 0x410 && c <= 0x44f) out[i] = c - 0x410 + 0xc0
    else if (c === 0x401)
      out[i] = 0xa8 // Ё
    else if (c === 0x451)
      out[i] = 0xb8 // ё
    else throw new Error(`no windows-1251 byte for U+${c.toString(16)}`)
  }
  return out
}
