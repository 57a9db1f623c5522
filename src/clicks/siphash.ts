/**
 * @module SipHash-2-4 (Aumasson and Bernstein, 2012), the keyed hash the counter salts readers
 * with. A PRF under a secret 128-bit key, which is all salting asks; in JS because a
 * crypto.subtle call costs a busy link's counter ~15 µs per new reader in workerd, this ~1 µs.
 * Checked against the paper's test vectors (test/counter.test.ts).
 */

/** The state v0..v3, each as (low, high) 32-bit words: v[0] = v0 low, v[1] = v0 high, … */
const v = new Uint32Array(8)

/** v[a] += v[b], 64-bit. */
function add(a: number, b: number): void {
  const lo = (v[a]! + v[b]!) >>> 0
  v[a + 1] = (v[a + 1]! + v[b + 1]! + (lo < v[a]! ? 1 : 0)) >>> 0
  v[a] = lo
}

/** v[a] = v[a] <<< n, 64-bit, 0 < n < 32. */
function rotl(a: number, n: number): void {
  const lo = v[a]!
  const hi = v[a + 1]!
  v[a] = (lo << n) | (hi >>> (32 - n))
  v[a + 1] = (hi << n) | (lo >>> (32 - n))
}

/** v[a] = v[a] <<< 32. */
function swap(a: number): void {
  const lo = v[a]!
  v[a] = v[a + 1]!
  v[a + 1] = lo
}

/** v[a] ^= v[b], 64-bit. */
function xor(a: number, b: number): void {
  v[a] = v[a]! ^ v[b]!
  v[a + 1] = v[a + 1]! ^ v[b + 1]!
}

function sipRound(): void {
  add(0, 2)
  rotl(2, 13)
  xor(2, 0)
  swap(0)
  add(4, 6)
  rotl(6, 16)
  xor(6, 4)
  add(0, 6)
  rotl(6, 21)
  xor(6, 0)
  add(4, 2)
  rotl(2, 17)
  xor(2, 4)
  swap(4)
}

/** One 8-byte message word (lo, hi): c = 2 rounds. */
function absorb(lo: number, hi: number): void {
  v[6] = v[6]! ^ lo
  v[7] = v[7]! ^ hi
  sipRound()
  sipRound()
  v[0] = v[0]! ^ lo
  v[1] = v[1]! ^ hi
}

/** The little-endian 32-bit word of `m` at `i`, zero past its end. */
const word = (m: Uint8Array, i: number): number =>
  ((m[i] ?? 0) | ((m[i + 1] ?? 0) << 8) | ((m[i + 2] ?? 0) << 16) | ((m[i + 3] ?? 0) << 24)) >>> 0

/** A 16-byte key as SipHash takes it: four little-endian 32-bit words. */
export function sipKey(key: Uint8Array): Uint32Array {
  if (key.length !== 16) throw new RangeError('a SipHash key is 16 bytes')
  return Uint32Array.of(word(key, 0), word(key, 4), word(key, 8), word(key, 12))
}

/** SipHash-2-4 of `m` under `key` (from sipKey), as its 64 bits: [high word, low word]. */
export function sipHash24(key: Uint32Array, m: Uint8Array): [hi: number, lo: number] {
  v[0] = key[0]! ^ 0x70736575
  v[1] = key[1]! ^ 0x736f6d65
  v[2] = key[2]! ^ 0x6e646f6d
  v[3] = key[3]! ^ 0x646f7261
  v[4] = key[0]! ^ 0x6e657261
  v[5] = key[1]! ^ 0x6c796765
  v[6] = key[2]! ^ 0x79746573
  v[7] = key[3]! ^ 0x74656462
  const full = m.length - (m.length % 8)
  for (let i = 0; i < full; i += 8) absorb(word(m, i), word(m, i + 4))
  // The last word: the remaining bytes, and the length (mod 256) in the top byte.
  const tail = m.subarray(full)
  absorb(word(tail, 0), (word(tail, 4) | ((m.length & 0xff) << 24)) >>> 0)
  v[4] = v[4]! ^ 0xff
  sipRound()
  sipRound()
  sipRound()
  sipRound()
  return [(v[1]! ^ v[3]! ^ v[5]! ^ v[7]!) >>> 0, (v[0]! ^ v[2]! ^ v[4]! ^ v[6]!) >>> 0]
}
