/**
 * Analytics in Asia/Kathmandu (REPORT_TIMEZONE, vitest.config.ts): +05:45, so its days and hours
 * start at a quarter past a UTC hour. Every figure, by day, hour and five minutes, equals the
 * counter's exact figures across the zone's midnight.
 */
import { describe, expect, it } from 'vitest'
import { flush, stats } from '../clicks'
import { adminApi } from '../helpers'
import { analytics, at, clickedAt, series } from './at'

// Around midnight between 4 and 5 December, Kathmandu time (18:15 UTC).
const CLICKS = [
  '2026-12-04T18:10:00Z', // 23:55
  '2026-12-04T18:14:59Z', // 23:59:59
  '2026-12-04T18:15:00Z', // 00:00 on the 5th
  '2026-12-04T18:20:00Z', // 00:05
  '2026-12-04T19:14:00Z', // 00:59
]

describe('a +05:45 zone', () => {
  it('counts days, hours and five minutes from the zone’s own midnight, equal to the counter', async () => {
    const code = await clickedAt('kathmandu', CLICKS)
    await flush([code])
    const exact = await stats(code, true)
    expect(exact.byDay).toEqual({ '2026-12-04': 2, '2026-12-05': 3 })
    const url = 'https://news.test/kathmandu/0'

    const days = await analytics({ groupBy: 'timeseries', start: '2026-12-04', end: '2026-12-05', url })
    expect(days.timezone).toBe('Asia/Kathmandu')
    expect(series(days.rows)).toEqual(Object.entries(exact.byDay))

    const fourth = await analytics({ groupBy: 'timeseries', interval: 'hour', start: '2026-12-04', end: '2026-12-04', url })
    expect(fourth.rows).toHaveLength(24)
    expect(series(fourth.rows).filter(([, n]) => n)).toEqual([['2026-12-04T23:00:00+05:45', 2]])
    expect(fourth.rows[0]).toMatchObject({ hour: '2026-12-04T00:00:00+05:45' })
    const fifth = await analytics({ groupBy: 'timeseries', interval: 'hour', start: '2026-12-05', end: '2026-12-05', url })
    expect(series(fifth.rows).filter(([, n]) => n)).toEqual([['2026-12-05T00:00:00+05:45', 3]])
    expect([fifth.start, fifth.end]).toEqual(['2026-12-05T00:00:00+05:45', '2026-12-06T00:00:00+05:45'])

    // A quarter past midnight: the last hour in five minutes, up to the five minutes now running.
    const now = await at('2026-12-04T18:30:00Z', () => analytics({ groupBy: 'timeseries', last: '60m', url }))
    expect([now.start, now.end, now.interval, now.rows.length]).toEqual([
      '2026-12-04T23:20:00+05:45',
      '2026-12-05T00:20:00+05:45',
      '5m',
      12,
    ])
    expect(series(now.rows).filter(([, n]) => n)).toEqual([
      ['2026-12-04T23:55:00+05:45', 2],
      ['2026-12-05T00:00:00+05:45', 1],
      ['2026-12-05T00:05:00+05:45', 1],
    ])
    expect(now.totals.clicks).toBe(4)

    // The 5th against the 4th.
    const compared = await analytics({ groupBy: 'articles', start: '2026-12-05', end: '2026-12-05', compare: 'previous', url })
    expect(compared.totals).toMatchObject({ clicks: 3, previous: { clicks: 2 } })
    expect(compared.rows).toEqual([expect.objectContaining({ clicks: 3, previousClicks: 2 })])

    // The CSV of hours says what the JSON says.
    const csv = await (
      await adminApi.analytics.$get({
        query: { groupBy: 'timeseries', interval: 'hour', start: '2026-12-05', end: '2026-12-05', url, format: 'csv' },
      })
    ).text()
    const lines = csv.trim().split('\r\n')
    expect(lines).toHaveLength(25)
    expect(lines[1]).toMatch(/^2026-12-05T00:00:00\+05:45,3,0,0,3,/)
  })
})
