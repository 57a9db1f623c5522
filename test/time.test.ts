/**
 * Time as the reports count it (src/time.ts): a zone's dates, hours and offsets, exact across
 * daylight-saving changes and at half- and quarter-hour offsets, in the Workers runtime's Intl.
 */
import { describe, expect, it } from 'vitest'
import { addDays, datesFrom, daysBetween, fiveMinutesOf, isDate, isTimeZone, utcDate, Zone } from '../src/time'

const at = (iso: string) => Date.parse(iso)

describe('calendar dates', () => {
  it('knows real dates, counts and walks them', () => {
    expect(['2026-02-28', '2028-02-29', '2026-12-31'].map(isDate)).toEqual([true, true, true])
    expect(['2026-02-29', '2026-02-30', '2026-13-01', '2026-1-01', ' 2026-01-01', ''].map(isDate)).toEqual([
      false,
      false,
      false,
      false,
      false,
      false,
    ])
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01')
    expect(addDays('2026-03-01', -1)).toBe('2026-02-28')
    expect(daysBetween('2026-01-01', '2026-12-31')).toBe(364)
    expect(datesFrom('2026-12-30', '2027-01-02')).toEqual(['2026-12-30', '2026-12-31', '2027-01-01', '2027-01-02'])
    expect(utcDate(at('2026-12-05T23:59:59.999Z'))).toBe('2026-12-05')
    expect(fiveMinutesOf(at('2026-12-05T14:07:59Z'))).toBe(at('2026-12-05T14:05:00Z'))
  })

  it('knows the zones the runtime knows, and no others', () => {
    expect(['UTC', 'Europe/London', 'Asia/Kathmandu', 'America/St_Johns'].map(isTimeZone)).toEqual([true, true, true, true])
    expect(['Mars/Olympus', '', 'Europe/Londres', '+01:00'].map(isTimeZone)).toEqual([false, false, false, false])
  })
})

describe('a zone', () => {
  it('UTC: 24 hours a day, +00:00', () => {
    const utc = new Zone('UTC')
    expect(utc.hoursOf('2026-03-29')).toHaveLength(24)
    expect(utc.startOf('2026-12-05')).toBe(at('2026-12-05T00:00:00Z'))
    expect(utc.format(at('2026-12-05T14:00:00Z'))).toBe('2026-12-05T14:00:00+00:00')
  })

  it('Europe/London: 23 hours on the day clocks go forward, 25 on the day they go back', () => {
    const london = new Zone('Europe/London')
    const spring = london.hoursOf('2026-03-29')
    expect(spring).toHaveLength(23)
    expect(spring.slice(0, 3).map((t) => london.format(t))).toEqual([
      '2026-03-29T00:00:00+00:00',
      '2026-03-29T02:00:00+01:00',
      '2026-03-29T03:00:00+01:00',
    ])
    const autumn = london.hoursOf('2026-10-25')
    expect(autumn).toHaveLength(25)
    expect(autumn.slice(0, 4).map((t) => london.format(t))).toEqual([
      '2026-10-25T00:00:00+01:00',
      '2026-10-25T01:00:00+01:00',
      '2026-10-25T01:00:00+00:00',
      '2026-10-25T02:00:00+00:00',
    ])
    expect(london.startOf('2026-07-01')).toBe(at('2026-06-30T23:00:00Z'))
    expect(london.dateOf(at('2026-06-30T23:30:00Z'))).toBe('2026-07-01')
    // Every instant of the day falls in one of its hours, and hourOf finds it.
    for (const t of autumn) expect(london.hourOf(t + 59 * 60_000)).toBe(t)
  })

  it('America/New_York and America/Santiago (whose clocks change at midnight)', () => {
    const ny = new Zone('America/New_York')
    expect(ny.hoursOf('2026-03-08')).toHaveLength(23)
    expect(ny.hoursOf('2026-11-01')).toHaveLength(25)
    expect(ny.format(ny.startOf('2026-12-05'))).toBe('2026-12-05T00:00:00-05:00')
    const santiago = new Zone('America/Santiago')
    // 2026-09-06: clocks go from 00:00 to 01:00; the day starts at 01:00 and has 23 hours.
    const start = santiago.startOf('2026-09-06')
    expect(santiago.format(start)).toBe('2026-09-06T01:00:00-03:00')
    expect(santiago.hoursOf('2026-09-06')).toHaveLength(23)
    expect(santiago.dateOf(start - 1)).toBe('2026-09-05')
  })

  it('Asia/Kolkata (+05:30) and Asia/Kathmandu (+05:45): hours start on their own clock', () => {
    const kolkata = new Zone('Asia/Kolkata')
    expect(kolkata.startOf('2026-12-05')).toBe(at('2026-12-04T18:30:00Z'))
    expect(kolkata.format(kolkata.hourOf(at('2026-12-05T09:10:00Z')))).toBe('2026-12-05T14:00:00+05:30')
    const kathmandu = new Zone('Asia/Kathmandu')
    const hours = kathmandu.hoursOf('2026-12-05')
    expect(hours).toHaveLength(24)
    expect(hours[0]).toBe(at('2026-12-04T18:15:00Z'))
    expect(kathmandu.format(hours[14]!)).toBe('2026-12-05T14:00:00+05:45')
    // Midnight in Kathmandu: 18:14:59 UTC is still the 4th there, 18:15 the 5th.
    expect([kathmandu.dateOf(at('2026-12-04T18:14:59Z')), kathmandu.dateOf(at('2026-12-04T18:15:00Z'))]).toEqual([
      '2026-12-04',
      '2026-12-05',
    ])
  })

  it('Australia/Lord_Howe, whose clocks move by half an hour: 24 hours, one of them 30 or 90 minutes long', () => {
    const lordHowe = new Zone('Australia/Lord_Howe')
    for (const date of ['2026-04-05', '2026-10-04']) {
      const hours = lordHowe.hoursOf(date)
      const end = lordHowe.startOf(addDays(date, 1))
      expect(hours[0]).toBe(lordHowe.startOf(date))
      expect(hours.every((t, i) => i === 0 || t > hours[i - 1]!)).toBe(true)
      const lengths = [...hours.slice(1), end].map((t, i) => (t - hours[i]!) / 60_000)
      expect([date, hours.length, Math.min(...lengths), Math.max(...lengths)]).toEqual(
        date === '2026-04-05' ? [date, 24, 60, 90] : [date, 24, 30, 60],
      )
    }
  })
})
