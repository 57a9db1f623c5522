/**
 * Analytics in Europe/London (REPORT_TIMEZONE, vitest.config.ts) across its clock changes: the
 * day clocks go back has 25 hours (01:00 twice), the day they go forward 23 (no 01:00), and each
 * figure equals the counter's exact figures.
 */
import { describe, expect, it } from 'vitest'
import { flush, stats } from '../clicks'
import { analytics, clickedAt, series } from './at'

describe('a zone with daylight saving', () => {
  it('the day clocks go back has 25 hours, 01:00 twice, each counted apart', async () => {
    const code = await clickedAt('london-autumn', [
      '2026-10-24T22:59:00Z', // 23:59 BST on the 24th
      '2026-10-24T23:30:00Z', // 00:30 BST on the 25th
      '2026-10-25T00:30:00Z', // 01:30 BST
      '2026-10-25T01:30:00Z', // 01:30 GMT, an hour later
      '2026-10-25T23:30:00Z', // 23:30 GMT
    ])
    await flush([code])
    const exact = await stats(code, true)
    expect(exact.byDay).toEqual({ '2026-10-24': 1, '2026-10-25': 4 })
    const url = 'https://news.test/london-autumn/0'
    const days = await analytics({ groupBy: 'timeseries', start: '2026-10-24', end: '2026-10-25', url })
    expect(series(days.rows)).toEqual(Object.entries(exact.byDay))

    const hours = await analytics({ groupBy: 'timeseries', interval: 'hour', start: '2026-10-25', end: '2026-10-25', url })
    expect(hours.rows).toHaveLength(25)
    expect(series(hours.rows).slice(0, 4)).toEqual([
      ['2026-10-25T00:00:00+01:00', 1],
      ['2026-10-25T01:00:00+01:00', 1],
      ['2026-10-25T01:00:00+00:00', 1],
      ['2026-10-25T02:00:00+00:00', 0],
    ])
    expect(series(hours.rows).at(-1)).toEqual(['2026-10-25T23:00:00+00:00', 1])
    expect(hours.totals.clicks).toBe(exact.byDay['2026-10-25'])
  })

  it('the day clocks go forward has 23 hours, and no 01:00', async () => {
    const code = await clickedAt('london-spring', [
      '2026-03-29T00:30:00Z', // 00:30 GMT
      '2026-03-29T01:30:00Z', // 02:30 BST: an hour later by the sun, two by the clock
      '2026-03-29T22:59:00Z', // 23:59 BST
    ])
    await flush([code])
    const exact = await stats(code, true)
    expect(exact.byDay).toEqual({ '2026-03-29': 3 })
    const url = 'https://news.test/london-spring/0'
    const hours = await analytics({ groupBy: 'timeseries', interval: 'hour', start: '2026-03-29', end: '2026-03-29', url })
    expect(hours.rows).toHaveLength(23)
    expect(series(hours.rows).slice(0, 2)).toEqual([
      ['2026-03-29T00:00:00+00:00', 1],
      ['2026-03-29T02:00:00+01:00', 1],
    ])
    expect(series(hours.rows).at(-1)).toEqual(['2026-03-29T23:00:00+01:00', 1])
    expect(hours.totals.clicks).toBe(3)
  })
})
