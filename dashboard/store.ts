/** @module A value views subscribe to: set it anywhere, and every view that reads it draws again. */
import { useSyncExternalStore } from 'hono/jsx/dom'

export interface Store<T> {
  get(): T
  set(next: T): void
  /** In a view: the current value, drawn again when it changes. */
  use(): T
}

export function store<T>(initial: T): Store<T> {
  let value = initial
  const listeners = new Set<() => void>()
  const subscribe = (listener: () => void) => {
    listeners.add(listener)
    return () => listeners.delete(listener)
  }
  const get = () => value
  return {
    get,
    set(next) {
      if (Object.is(next, value)) return
      value = next
      for (const listener of [...listeners]) listener()
    },
    use: () => useSyncExternalStore(subscribe, get),
  }
}
