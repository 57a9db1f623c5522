/**
 * Everything the benchmark starts (servers, Miniflare instances, child processes) registers a
 * closer here, so one `closeAll()` in run.mjs's `finally` stops it all, in reverse order, even
 * after an error, a Ctrl-C or the global deadline.
 */
const closers = []

/** Registers `close` (sync or async) under a name for the report on failures; returns `value`. */
export function track(name, value, close) {
  closers.push({ name, close })
  return value
}

let closing = null

export function closeAll() {
  closing ??= (async () => {
    while (closers.length) {
      const { name, close } = closers.pop()
      try {
        // A closer that hangs must not keep the run alive: give each a few seconds.
        await Promise.race([close(), new Promise((r) => setTimeout(r, 10_000).unref())])
      } catch (err) {
        console.error(`[bench] closing ${name} failed:`, err?.message ?? err)
      }
    }
  })()
  return closing
}

/**
 * A hard stop for the whole run: whatever hangs, the process closes what it started and exits
 * after `ms`. Also closes everything on SIGINT/SIGTERM and on an error nothing caught (which
 * would otherwise end Node without running run.mjs's `finally`).
 */
export function installDeadline(ms) {
  const stop = async (why, code) => {
    console.error(`\n[bench] ${why}: closing everything and exiting`)
    await closeAll()
    process.exit(code)
  }
  const timer = setTimeout(() => stop(`deadline of ${ms / 1000} s reached`, 2), ms)
  timer.unref()
  process.once('SIGINT', () => stop('interrupted', 130))
  process.once('SIGTERM', () => stop('terminated', 143))
  process.once('uncaughtException', (err) => stop(`uncaught error: ${err?.stack ?? err}`, 1))
  process.once('unhandledRejection', (err) => stop(`unhandled rejection: ${err?.stack ?? err}`, 1))
}
