/**
 * The preview page as an independent Open Graph parser (open-graph-scraper) reads it, over HTTP
 * from the worker running in `wrangler dev`, with the fixture article served by a local origin.
 */
import ogs from 'open-graph-scraper'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { type DevServer, fixture, startDev, startOrigin } from './dev-server'

let dev: DevServer
let origin: Awaited<ReturnType<typeof startOrigin>>
const PATH = '/news/kim-jong-un-acknowledges-deaths-of-100-north-korean-soldiers/'

beforeAll(async () => {
  origin = await startOrigin({ [PATH]: { type: 'text/html; charset=UTF-8', body: fixture('internewscast-kim-jong-un.html') } })
  dev = await startDev({ ALLOWED_HOSTS: new URL(origin.url).host })
})

afterAll(async () => {
  await dev?.stop()
  await origin?.close()
})

it('yields the article’s title, description, absolute image and site name, exactly', async () => {
  const share = await fetch(`${dev.url}/api/share`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ url: origin.url + PATH, channel: 'facebook' }),
  })
  expect(share.status).toBe(201)
  const { shortUrl } = (await share.json()) as { shortUrl: string }

  const page = await fetch(shortUrl, { headers: { 'User-Agent': 'facebookexternalhit/1.1' }, redirect: 'manual' })
  expect(page.status).toBe(200)
  const { result, error } = await ogs({ html: await page.text() })
  expect(error).toBe(false)
  expect(result.ogTitle).toBe('Kim Jong Un acknowledges deaths of 100 North Korean soldiers he sent to fight for Vladimir Putin')
  expect(result.ogDescription).toBe(
    'During a ceremony showcasing the images of 100 North Korean soldiers, attended by their family members, Kim paid tribute to these “heroic” soldiers.',
  )
  expect(result.ogImage?.[0]?.url).toBe(`${origin.url}/wp-content/uploads/2025/08/kim-jong-un-ceremony-kursk.jpg`)
  expect(result.ogSiteName).toBe('Internewscast Journal')
  expect(result.ogUrl).toBe(shortUrl)
  expect(result.twitterCard).toBe('summary_large_image')
})
