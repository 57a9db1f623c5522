/**
 * A news article page of `bytes` bytes (ASCII, so characters = bytes), shaped like real ones: a
 * heavy <head> (scripts, styles, many meta tags, the Open Graph ones among them) and a long body
 * of paragraphs, links and images. 1 MiB is the most the Worker ever reads of a page (the fetch
 * cap in src/unfurl/fetch-article.ts).
 */
export const PAGE_URL = 'https://news.example.com/2026/11/26/a-long-story'

export function article(bytes) {
  const head = [
    '<!doctype html><html lang="en"><head><meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width,initial-scale=1">',
    '<title>A long story &amp; its headline | Example News</title>',
    `<link rel="canonical" href="${PAGE_URL}">`,
    ...Array.from({ length: 40 }, (_, i) => `<meta name="tracking-${i}" content="value ${i} for a tag nobody reads">`),
    '<meta property="og:title" content="A long story &amp; its headline">',
    '<meta property="og:description" content="The standfirst: two sentences on what happened, to whom, and why it matters to the reader.">',
    '<meta property="og:image" content="https://images.example.com/2026/11/lead.jpg?w=1200&amp;h=630">',
    '<meta property="og:image:width" content="1200"><meta property="og:image:height" content="630">',
    '<meta property="og:image:alt" content="A crowd in a square at dusk">',
    '<meta property="og:site_name" content="Example News"><meta name="twitter:site" content="@examplenews">',
    '<meta name="twitter:card" content="summary_large_image">',
    `<script>window.dataLayer=[${'{"event":"pageview","section":"world"},'.repeat(200)}{}]</script>`,
    `<style>${'.story p{margin:0 0 1em;line-height:1.6}.story a{color:#0645ad}'.repeat(200)}</style>`,
    '</head><body><header><nav>' +
      Array.from({ length: 30 }, (_, i) => `<a href="/section/${i}">Section ${i}</a>`).join('') +
      '</nav></header>',
    '<main><article class="story"><h1>A long story &amp; its headline</h1>',
  ].join('\n')
  const tail = '</article></main><footer>Example News</footer></body></html>'
  const paragraph = (i) =>
    `<p>Paragraph ${i} of the story, with <a href="/related/${i}">a related link</a>, <em>some emphasis</em>, ` +
    'an entity or two (&ldquo;quoted&rdquo; &mdash; as reporters write) and enough words to make a realistic line of text ' +
    'that wraps several times on a phone screen before the next paragraph begins.</p>\n' +
    (i % 10 === 0
      ? `<figure><img src="/img/${i}.jpg" alt="Picture ${i}" width="800" height="450"><figcaption>Caption ${i}</figcaption></figure>\n`
      : '')
  let body = ''
  for (let i = 0; head.length + body.length + tail.length < bytes; i++) body += paragraph(i)
  return (head + body).slice(0, bytes - tail.length) + tail
}
