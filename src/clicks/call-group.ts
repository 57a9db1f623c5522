/**
 * @module Calls that arrive within a few milliseconds of each other, handled as one: a busy
 * link's counter applies the batches of many isolates in one transaction, which writes each of
 * their rows once, before answering any of them.
 */

export class CallGroup<T> {
  private queue: { item: T; resolve(): void; reject(err: unknown): void }[] = []
  private scheduled = false

  constructor(
    private readonly windowMs: number,
    private readonly handle: (items: T[]) => Promise<void>,
  ) {}

  /** Settles when the group `item` joined was handled (or failed, for every call in it). */
  add(item: T): Promise<void> {
    return new Promise((resolve, reject) => {
      this.queue.push({ item, resolve, reject })
      if (this.scheduled) return
      this.scheduled = true
      setTimeout(() => void this.run(), this.windowMs)
    })
  }

  private async run(): Promise<void> {
    const group = this.queue.splice(0)
    this.scheduled = false
    try {
      await this.handle(group.map((q) => q.item))
      for (const q of group) q.resolve()
    } catch (err) {
      for (const q of group) q.reject(err)
    }
  }
}
