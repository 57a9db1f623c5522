/** @module Which character encoding a page is in: its Content-Type, else a <meta> in its first bytes, else UTF-8. */

/**
 * How far into a page a `<meta charset>` is looked for. The HTML spec's prescan stops at 1024
 * bytes; pages that open with a long comment or inline script put it later, and looking a few KiB
 * further costs nothing.
 */
export const SNIFF_BYTES = 4096

/** The `charset` parameter of a Content-Type value, or null. */
export function charsetParam(contentType: string | null): string | null {
  const m = /;\s*charset\s*=\s*["']?([^"';\s]+)/i.exec(contentType ?? '')
  return m?.[1] ?? null
}

/**
 * The name of the encoding a label stands for, one HTMLRewriter can decode with, or null for an
 * unknown label. Labels are the WHATWG ones browsers know (`latin1` is windows-1252, `sjis` is
 * Shift_JIS), as workerd's TextDecoder reads them.
 */
export function encodingFor(label: string | null): string | null {
  if (!label) return null
  let name: string
  try {
    name = new TextDecoder(label.trim()).encoding
  } catch {
    return null
  }
  // HTMLRewriter decodes only encodings in which ASCII markup stays ASCII; it throws on the
  // rest. A page whose markup we could read to find the label is not UTF-16 (the HTML spec
  // reads such a label as UTF-8), and the other two are better read as UTF-8 than not at all.
  if (name === 'utf-16le' || name === 'utf-16be' || name === 'iso-2022-jp' || name === 'replacement') return 'utf-8'
  // The HTML spec's rule for a <meta> that names x-user-defined.
  if (name === 'x-user-defined') return 'windows-1252'
  return name
}

/** The encoding named by a `<meta charset>` or `<meta http-equiv="Content-Type">` in `head`, or null. */
export function sniffCharset(head: Uint8Array): string | null {
  // UTF-8's byte order mark outranks any label.
  if (head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf) return 'utf-8'
  // The markup is ASCII in every encoding HTMLRewriter reads: a byte-for-byte reading finds it.
  const text = new TextDecoder('windows-1252').decode(head).replace(/<!--[\s\S]*?(?:-->|$)/g, '')
  for (const [tag] of text.matchAll(/<meta\b[^>]*>/gi)) {
    const attrs = attributes(tag)
    const label =
      attrs.get('charset') ??
      (attrs.get('http-equiv')?.toLowerCase() === 'content-type' ? charsetParam(attrs.get('content') ?? null) : null)
    const encoding = encodingFor(label ?? null)
    if (encoding) return encoding
  }
  return null
}

function attributes(tag: string): Map<string, string> {
  const attrs = new Map<string, string>()
  for (const m of tag.slice(5).matchAll(/([^\s"'>/=]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+)))?/g)) {
    const name = m[1]!.toLowerCase()
    if (!attrs.has(name)) attrs.set(name, (m[2] ?? m[3] ?? m[4] ?? '').trim())
  }
  return attrs
}

/**
 * The page's bytes again, as a stream, with the encoding they are in: the Content-Type's when it
 * names one, else the one a <meta> in the first SNIFF_BYTES names (read ahead, then passed on),
 * else UTF-8.
 */
export async function withEncoding(
  body: ReadableStream<Uint8Array>,
  contentTypeCharset: string | null,
): Promise<{ body: ReadableStream<Uint8Array>; encoding: string }> {
  const declared = encodingFor(contentTypeCharset)
  if (declared) return { body, encoding: declared }
  const reader = body.getReader()
  const held: Uint8Array[] = []
  let size = 0
  let done = false
  while (size < SNIFF_BYTES) {
    const next = await reader.read()
    if (next.done) {
      done = true
      break
    }
    held.push(next.value)
    size += next.value.byteLength
  }
  const head = new Uint8Array(Math.min(size, SNIFF_BYTES))
  let at = 0
  for (const chunk of held) {
    if (at >= head.length) break
    const part = chunk.subarray(0, head.length - at)
    head.set(part, at)
    at += part.byteLength
  }
  const replay = new ReadableStream<Uint8Array>({
    async pull(controller) {
      const chunk = held.shift()
      if (chunk) return controller.enqueue(chunk)
      if (done) return controller.close()
      const next = await reader.read()
      if (next.done) controller.close()
      else controller.enqueue(next.value)
    },
    cancel(reason) {
      // Stops the download too: the reader is the fetch's (through capBytes).
      return reader.cancel(reason)
    },
  })
  return { body: replay, encoding: sniffCharset(head) ?? 'utf-8' }
}
