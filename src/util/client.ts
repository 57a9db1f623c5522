/**
 * @module Who a client is, for limits and de-duplication: its IPv4 address, or its IPv6 /64. An
 * IPv6 subscriber is handed a whole /64 (2^64 addresses), so a per-address rule would let one
 * client through as many times as it likes; its /64 is the client.
 */

/** The client `address` (CF-Connecting-IP) stands for: the address itself for IPv4, `a:b:c:d::/64` for IPv6. */
export function clientOf(address: string): string {
  const text = address.trim().toLowerCase()
  if (!text.includes(':')) return text
  const groups = ipv6Groups(text)
  if (!groups) return text
  // IPv4 written as IPv6 (::ffff:192.0.2.1) is that IPv4 client.
  if (groups.slice(0, 5).every((g) => g === 0) && groups[5] === 0xffff) {
    return [groups[6]! >> 8, groups[6]! & 255, groups[7]! >> 8, groups[7]! & 255].join('.')
  }
  return `${groups
    .slice(0, 4)
    .map((g) => g.toString(16))
    .join(':')}::/64`
}

/** The eight 16-bit groups of an IPv6 address (with `::` and a trailing dotted IPv4 expanded), or null if it is none. */
function ipv6Groups(text: string): number[] | null {
  const zone = text.indexOf('%')
  const bare = zone < 0 ? text : text.slice(0, zone)
  const halves = bare.split('::')
  if (halves.length > 2) return null
  const parse = (part: string): number[] | null => {
    if (!part) return []
    const out: number[] = []
    const pieces = part.split(':')
    for (let i = 0; i < pieces.length; i++) {
      const piece = pieces[i]!
      if (i === pieces.length - 1 && piece.includes('.')) {
        const v4 = piece.split('.').map(Number)
        if (v4.length !== 4 || v4.some((n) => !Number.isInteger(n) || n < 0 || n > 255)) return null
        out.push((v4[0]! << 8) | v4[1]!, (v4[2]! << 8) | v4[3]!)
      } else if (/^[0-9a-f]{1,4}$/.test(piece)) out.push(Number.parseInt(piece, 16))
      else return null
    }
    return out
  }
  const head = parse(halves[0]!)
  const tail = halves.length === 2 ? parse(halves[1]!) : []
  if (!head || !tail) return null
  const missing = 8 - head.length - tail.length
  if (halves.length === 2 ? missing < 1 : missing !== 0) return null
  return [...head, ...Array<number>(missing).fill(0), ...tail]
}
