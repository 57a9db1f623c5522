/**
 * @module Time as the reports count it: calendar dates, hours and five-minute steps, in UTC or in
 * a time zone (REPORT_TIMEZONE), daylight saving included: a day has 23, 24 or 25 hours, and a
 * zone at a half- or quarter-hour offset (Asia/Kolkata, Asia/Kathmandu) starts its hours there.
 * Plain functions of numbers and strings: the Worker and the dashboard both import this module.
 */
import { Bounded } from './util/bounded'

export const MINUTE_MS = 60_000
export const FIVE_MINUTES_MS = 5 * MINUTE_MS
export const HOUR_MS = 60 * MINUTE_MS
export const DAY_MS = 24 * HOUR_MS

/** The longest period one analytics call may cover, in days between start and end. */
export const MAX_PERIOD_DAYS = 400
/** The longest period an hourly series may cover, in days. */
export const MAX_HOURLY_DAYS = 31

/** The UTC calendar date of `t`, YYYY-MM-DD (the last one asked is remembered: a batch's hits share a day). */
export function utcDate(t: number): string {
  const n = Math.floor(t / DAY_MS)
  if (n !== lastUtc.n) lastUtc = { n, text: new Date(n * DAY_MS).toISOString().slice(0, 10) }
  return lastUtc.text
}
let lastUtc = { n: Number.NaN, text: '' }

/** Whether `text` is a real calendar date, YYYY-MM-DD (2026-02-30 is not). */
export function isDate(text: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(text)) return false
  const t = Date.parse(`${text}T00:00:00Z`)
  return !Number.isNaN(t) && new Date(t).toISOString().slice(0, 10) === text
}

/** The date `n` calendar days after `date` (before, if negative). */
export function addDays(date: string, n: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + n * DAY_MS).toISOString().slice(0, 10)
}

/** Calendar days from `start` to `end`: 0 for the same day. */
export function daysBetween(start: string, end: string): number {
  return Math.round((Date.parse(`${end}T00:00:00Z`) - Date.parse(`${start}T00:00:00Z`)) / DAY_MS)
}

/** Every date from `start` to `end`, both included. */
export function datesFrom(start: string, end: string): string[] {
  const out: string[] = []
  for (let date = start; date <= end; date = addDays(date, 1)) out.push(date)
  return out
}

/** The start of the five-minute step holding `t` (every zone's offset is a whole number of five minutes). */
export const fiveMinutesOf = (t: number): number => Math.floor(t / FIVE_MINUTES_MS) * FIVE_MINUTES_MS

/** Whether `name` is an IANA time zone the runtime knows (not a bare offset such as +01:00, which has no daylight saving to follow). */
export function isTimeZone(name: string): boolean {
  if (!/^[A-Za-z][\w+-]*(\/[\w+-]+)*$/.test(name)) return false
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: name })
    return true
  } catch {
    return false
  }
}

/** A time zone's calendar: its dates, the start of each, its hours, and its offsets, all exact to the minute. */
export class Zone {
  private readonly parts: Intl.DateTimeFormat | null
  /** Offsets already read, by quarter hour of UTC (zones change offset on quarter hours at the finest). */
  private readonly offsets = new Bounded<number, number>(10_000)

  /** `name`: an IANA zone the runtime knows (see isTimeZone); 'UTC' costs no lookups at all. */
  constructor(readonly name: string) {
    this.parts =
      name === 'UTC'
        ? null
        : new Intl.DateTimeFormat('en-US', {
            timeZone: name,
            hourCycle: 'h23',
            year: 'numeric',
            month: '2-digit',
            day: '2-digit',
            hour: '2-digit',
            minute: '2-digit',
          })
  }

  /** Minutes the zone's clocks are ahead of UTC at `t`. */
  offsetAt(t: number): number {
    if (!this.parts) return 0
    const quarter = Math.floor(t / (15 * MINUTE_MS))
    let offset = this.offsets.get(quarter)
    if (offset === undefined) {
      const p: Record<string, string> = {}
      for (const { type, value } of this.parts.formatToParts(quarter * 15 * MINUTE_MS)) p[type] = value
      const wall = Date.UTC(Number(p.year), Number(p.month) - 1, Number(p.day), Number(p.hour), Number(p.minute))
      offset = Math.round((wall - quarter * 15 * MINUTE_MS) / MINUTE_MS)
      this.offsets.set(quarter, offset)
    }
    return offset
  }

  /** The zone's calendar date at `t`. */
  dateOf(t: number): string {
    return utcDate(t + this.offsetAt(t) * MINUTE_MS)
  }

  /** The first instant of `date` in the zone (its midnight, or the end of a gap that skips it). */
  startOf(date: string): number {
    const wall = Date.parse(`${date}T00:00:00Z`)
    // The offset at midnight is the offset either side of it, unless a change falls within the day.
    for (const offset of [this.offsetAt(wall - 14 * HOUR_MS), this.offsetAt(wall + 14 * HOUR_MS)]) {
      const t = wall - offset * MINUTE_MS
      if (this.dateOf(t) === date && this.dateOf(t - 1) < date) return t
    }
    // Midnight does not exist that day (clocks went forward at it): the day starts when it resumes.
    let lo = wall - 14 * HOUR_MS
    let hi = wall + 14 * HOUR_MS
    while (hi - lo > MINUTE_MS) {
      const mid = lo + Math.floor((hi - lo) / 2 / MINUTE_MS) * MINUTE_MS
      if (this.dateOf(mid) < date) lo = mid
      else hi = mid
    }
    return hi
  }

  /**
   * The start of each of `date`'s hours: 24, or 23 and 25 on the days clocks change. An hour
   * starts where the zone's clock shows a new hour, so Kathmandu's hours start at :15 UTC.
   */
  hoursOf(date: string): number[] {
    const start = this.startOf(date)
    const end = this.startOf(addDays(date, 1))
    const out: number[] = []
    if (this.offsetAt(start) === this.offsetAt(end - 1)) {
      for (let t = start; t < end; t += HOUR_MS) out.push(t)
      return out
    }
    // A change of offset that day: step through it, a new hour wherever the clock's hour changes
    // or reads :00 (an hour lived twice when clocks go back).
    let previous = Number.NaN
    for (let t = start; t < end; t += 15 * MINUTE_MS) {
      const wall = t + this.offsetAt(t) * MINUTE_MS
      const hour = Math.floor(wall / HOUR_MS)
      if (hour !== previous || wall % HOUR_MS === 0) out.push(t)
      previous = hour
    }
    return out
  }

  /** The start of the hour holding `t`. */
  hourOf(t: number): number {
    const offset = this.offsetAt(t) * MINUTE_MS
    return Math.floor((t + offset) / HOUR_MS) * HOUR_MS - offset
  }

  /** `t` as ISO 8601 with the zone's offset then: 2026-12-05T14:00:00+01:00 (+00:00 in UTC). */
  format(t: number): string {
    const offset = this.offsetAt(t)
    const wall = new Date(t + offset * MINUTE_MS).toISOString().slice(0, 19)
    const abs = Math.abs(offset)
    return `${wall}${offset < 0 ? '-' : '+'}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`
  }
}
