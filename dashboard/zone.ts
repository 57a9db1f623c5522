/**
 * @module The newsroom's time zone (REPORT_TIMEZONE): the days and hours the dashboard shows are
 * its, never the browser's. Every analytics answer names it (`timezone`); the dashboard keeps the
 * last one named for the tab. A period of days needs today's date in that zone before the first
 * answer has said which zone it is: the browser's is assumed then (a newsroom mostly shares its
 * calendar), and a read whose dates that got wrong is read again with the right ones. The zone is
 * the service's, not the signed-in key's: it stays through a sign-out.
 */
import { isTimeZone, Zone } from '../src/time'
import { store } from './store'

const ZONE_STORAGE = 'sharelink.zone'

function saved(): string | null {
  try {
    const name = sessionStorage.getItem(ZONE_STORAGE)
    return name && isTimeZone(name) ? name : null
  } catch {
    return null
  }
}

/** The zone the API named last; null until an answer in this tab has. */
export const newsroomZone = store<string | null>(saved())

export function learnZone(name: string) {
  if (!isTimeZone(name) || name === newsroomZone.get()) return
  try {
    sessionStorage.setItem(ZONE_STORAGE, name)
  } catch {}
  newsroomZone.set(name)
}

const browserZone = () => {
  const name = Intl.DateTimeFormat().resolvedOptions().timeZone
  return name && isTimeZone(name) ? name : 'UTC'
}

/** The zone dates are worked out in: the newsroom's once known, the browser's until then. */
export const assumedZone = () => newsroomZone.get() ?? browserZone()

/** The zone instants are shown in: the newsroom's once known; UTC (and said so) until then. */
export const shownZone = () => newsroomZone.get() ?? 'UTC'

const zones = new Map<string, Zone>()
/** The calendar of `name` (one per zone: each remembers the offsets it has read). */
export function zoneOf(name: string): Zone {
  let zone = zones.get(name)
  if (!zone) {
    zone = new Zone(name)
    zones.set(name, zone)
  }
  return zone
}

/** Today's date in `zone`. */
export const todayIn = (zone: string, now = Date.now()) => zoneOf(zone).dateOf(now)

/**
 * Reads `read` with the dates of the zone assumed, and learns the zone its answer names. When
 * that is another zone in which the dates differ (`datesIn` says), it reads again with those: at
 * most once a tab, the first read before any answer named the zone.
 */
export async function readInNewsroomZone<T extends { timezone: string }>(
  read: (zone: string) => Promise<T>,
  datesIn: (zone: string) => string,
): Promise<T> {
  const assumed = assumedZone()
  const answer = await read(assumed)
  learnZone(answer.timezone)
  if (answer.timezone === assumed || datesIn(answer.timezone) === datesIn(assumed)) return answer
  return read(answer.timezone)
}
