/** @module QR codes of short links, as SVG and PNG, drawn in the worker from uqr's module matrix. */
import { encode } from 'uqr'

/** Four modules of quiet zone, as the QR specification asks. */
const BORDER = 4

function matrix(text: string): boolean[][] {
  // M: survives a smudge or a logo over 15% of the code; short links stay at a small version.
  return encode(text, { ecc: 'M', border: BORDER }).data
}

/** One path of horizontal runs: small, and crisp at any scale. */
export function qrSvg(text: string): string {
  const data = matrix(text)
  const size = data.length
  let d = ''
  data.forEach((row, y) => {
    for (let x = 0; x < size; x++) {
      if (!row[x]) continue
      let end = x
      while (end + 1 < size && row[end + 1]) end++
      d += `M${x} ${y}h${end - x + 1}v1h-${end - x + 1}z`
      x = end
    }
  })
  return `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${size} ${size}" width="${size * 8}" height="${size * 8}" shape-rendering="crispEdges"><rect width="100%" height="100%" fill="#fff"/><path fill="#000" d="${d}"/></svg>`
}

/** A greyscale PNG, `scale` pixels per module, compressed with the runtime's own zlib. */
export async function qrPng(text: string, scale = 8): Promise<Uint8Array> {
  const data = matrix(text)
  const px = data.length * scale
  // Each scanline: filter byte 0, then one byte per pixel (0 black, 255 white).
  const raw = new Uint8Array(px * (px + 1))
  for (let y = 0; y < px; y++) {
    const row = data[Math.floor(y / scale)]!
    const at = y * (px + 1)
    for (let x = 0; x < px; x++) raw[at + 1 + x] = row[Math.floor(x / scale)] ? 0 : 255
  }
  const ihdr = new Uint8Array(13)
  const view = new DataView(ihdr.buffer)
  view.setUint32(0, px)
  view.setUint32(4, px)
  ihdr.set([8, 0, 0, 0, 0], 8) // 8-bit greyscale, deflate, no filter, no interlace
  const idat = new Uint8Array(await new Response(new Blob([raw]).stream().pipeThrough(new CompressionStream('deflate'))).arrayBuffer())
  return concat([
    new Uint8Array([137, 80, 78, 71, 13, 10, 26, 10]),
    chunk('IHDR', ihdr),
    chunk('IDAT', idat),
    chunk('IEND', new Uint8Array()),
  ])
}

function chunk(type: string, body: Uint8Array): Uint8Array {
  const out = new Uint8Array(12 + body.length)
  const view = new DataView(out.buffer)
  view.setUint32(0, body.length)
  for (let i = 0; i < 4; i++) out[4 + i] = type.charCodeAt(i)
  out.set(body, 8)
  view.setUint32(8 + body.length, crc32(out.subarray(4, 8 + body.length)))
  return out
}

let table: Uint32Array | undefined

function crc32(bytes: Uint8Array): number {
  if (!table) {
    table = new Uint32Array(256)
    for (let n = 0; n < 256; n++) {
      let c = n
      for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1
      table[n] = c >>> 0
    }
  }
  let c = 0xffffffff
  for (const b of bytes) c = table[(c ^ b) & 0xff]! ^ (c >>> 8)
  return (c ^ 0xffffffff) >>> 0
}

function concat(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0))
  let at = 0
  for (const p of parts) {
    out.set(p, at)
    at += p.length
  }
  return out
}
