/**
 * @module The isolate's caches: each holds at most so many entries, each for at most so long, the
 * longest unwritten going first. An isolate lives for hours and meets whatever the internet
 * sends; nothing it keeps may grow with that.
 */

/** A Map of at most `max` entries, each kept `ttlMs` from when it was set; the oldest set goes first. */
export class Bounded<K, V> {
  private readonly entries = new Map<K, { value: V; until: number }>()

  constructor(
    readonly max: number,
    readonly ttlMs = Number.POSITIVE_INFINITY,
  ) {}

  get(key: K, now = Date.now()): V | undefined {
    const entry = this.entries.get(key)
    if (!entry) return undefined
    if (entry.until > now) return entry.value
    this.entries.delete(key)
    return undefined
  }

  set(key: K, value: V, now = Date.now()): void {
    // Map keeps insertion order: re-inserting makes this the newest, so the first key is the oldest.
    this.entries.delete(key)
    if (this.entries.size >= this.max) this.entries.delete(this.entries.keys().next().value!)
    this.entries.set(key, { value, until: now + this.ttlMs })
  }

  delete(key: K): void {
    this.entries.delete(key)
  }

  clear(): void {
    this.entries.clear()
  }

  get size(): number {
    return this.entries.size
  }
}

/**
 * One value per object, made on first use: state kept per binding (the copies read from one KV
 * namespace belong to it) or per env, gone with it.
 */
export function perObject<O extends object, T>(make: () => T): (owner: O) => T {
  const made = new WeakMap<O, T>()
  return (owner) => {
    let value = made.get(owner)
    if (value === undefined) {
      value = make()
      made.set(owner, value)
    }
    return value
  }
}
