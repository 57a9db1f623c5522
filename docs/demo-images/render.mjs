#!/usr/bin/env node
// Renders the demo article's pictures (public/demo-*.png, public/demo-*.jpg) and the favicon's
// bitmap (public/favicon.ico) from the SVG drawings beside this file and public/favicon.svg, with
// the same headless Chromium the browser tests use, then shrinks the PNGs with pngquant where it is
// installed (`apt-get install pngquant`: a third of the size, no visible change; without it the
// pictures are still under 150 KB). Run it again after editing a drawing:
//   node docs/demo-images/render.mjs
import { spawnSync } from 'node:child_process'
import { readFileSync, statSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { chromium } from 'playwright-core'

const HERE = import.meta.dirname
const PUBLIC = join(HERE, '..', '..', 'public')

/** [drawing, output, width, height] */
const PICTURES = [
  ['card.svg', 'demo-photo.png', 1200, 630],
  ['map.svg', 'demo-map.png', 1200, 750],
]

const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: ['--no-sandbox'] })
try {
  const page = await browser.newPage({ deviceScaleFactor: 1 })
  for (const [svg, out, width, height] of PICTURES) {
    await page.setViewportSize({ width, height })
    await page.setContent(`<body style="margin:0">${readFileSync(join(HERE, svg), 'utf8')}</body>`)
    const type = out.endsWith('.jpg') ? 'jpeg' : 'png'
    const file = join(PUBLIC, out)
    await page.screenshot({ path: file, type, ...(type === 'jpeg' ? { quality: 82 } : {}) })
    if (type === 'png') {
      const quant = spawnSync('pngquant', ['--strip', '--quality', '80-95', '--force', '--output', file, file])
      if (quant.error) console.warn(`no pngquant: public/${out} left as Chromium wrote it`)
    }
    console.log(`public/${out} ${width}x${height}, ${statSync(file).size} bytes`)
  }
  // The favicon: a 32 px PNG inside an ICO (one directory entry pointing at PNG data, as every
  // browser since IE 11 reads), transparent around the rounded square.
  await page.setViewportSize({ width: 32, height: 32 })
  await page.setContent(
    `<body style="margin:0">${readFileSync(join(PUBLIC, 'favicon.svg'), 'utf8').replace('<svg ', '<svg width="32" height="32" ')}</body>`,
  )
  const png = await page.screenshot({ omitBackground: true })
  const header = Buffer.alloc(22)
  header.writeUInt16LE(0, 0) // reserved
  header.writeUInt16LE(1, 2) // type: icon
  header.writeUInt16LE(1, 4) // one image
  header.writeUInt8(32, 6) // width
  header.writeUInt8(32, 7) // height
  header.writeUInt8(0, 8) // no palette
  header.writeUInt8(0, 9) // reserved
  header.writeUInt16LE(1, 10) // colour planes
  header.writeUInt16LE(32, 12) // bits per pixel
  header.writeUInt32LE(png.length, 14) // image size
  header.writeUInt32LE(22, 18) // image offset
  writeFileSync(join(PUBLIC, 'favicon.ico'), Buffer.concat([header, png]))
  console.log('public/favicon.ico 32x32')
} finally {
  await browser.close()
}
