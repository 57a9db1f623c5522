/** Which platform a preview fetcher belongs to, from real user agents (the ones these fetchers send). */
import fc from 'fast-check'
import { isbot } from 'isbot'
import { describe, expect, it } from 'vitest'
import { isBot } from '../src/preview/bots'
import { platformOf } from '../src/preview/platforms'

const FETCHERS: [string, string][] = [
  ['facebook', 'facebookexternalhit/1.1 (+http://www.facebook.com/externalhit_uatext.php)'],
  ['facebook', 'meta-externalagent/1.1 (+https://developers.facebook.com/docs/sharing/webmasters/crawler)'],
  ['x', 'Twitterbot/1.0'],
  ['linkedin', 'LinkedInBot/1.0 (compatible; Mozilla/5.0; Apache-HttpClient +http://www.linkedin.com)'],
  ['slack', 'Slackbot-LinkExpanding 1.0 (+https://api.slack.com/robots)'],
  ['slack', 'Slack-ImgProxy (+https://api.slack.com/robots)'],
  ['discord', 'Mozilla/5.0 (compatible; Discordbot/2.0; +https://discordapp.com)'],
  ['telegram', 'TelegramBot (like TwitterBot)'],
  ['whatsapp', 'WhatsApp/2.23.20.0 A'],
  ['bluesky', 'Mozilla/5.0 (compatible; Bluesky Cardyb/1.1; +mailto:support@bsky.app)'],
  ['mastodon', 'http.rb/5.1.1 (Mastodon/4.2.0; +https://mastodon.social/)'],
  [
    'apple',
    'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_11_1) AppleWebKit/601.2.4 (KHTML, like Gecko) Version/9.0.1 Safari/601.2.4 facebookexternalhit/1.1 Facebot Twitterbot/1.0',
  ],
  [
    'apple',
    'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_5) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/13.1.1 Safari/605.1.15 (Applebot/0.1; +http://www.apple.com/go/applebot)',
  ],
  ['microsoft', 'Mozilla/5.0 (Windows NT 6.1; WOW64) SkypeUriPreview Preview/0.5 skype-url-preview@microsoft.com'],
  ['microsoft', 'Mozilla/5.0 (compatible; bingbot/2.0; +http://www.bing.com/bingbot.htm)'],
  ['pinterest', 'Pinterest/0.2 (+https://www.pinterest.com/bot.html)'],
  ['reddit', 'Mozilla/5.0 (compatible; redditbot/1.0; +http://www.reddit.com/feedback)'],
  ['google', 'Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)'],
  ['other', 'Mozilla/5.0 (compatible; Iframely/1.3.1; +https://iframely.com/docs/about)'],
  ['other', ''],
]

describe('crawler platforms', () => {
  it('names each fetcher’s platform (private chats included), and counts it as a bot', () => {
    for (const [platform, ua] of FETCHERS) {
      expect([ua, platformOf(ua)]).toEqual([ua, platform])
      expect([ua, isBot(ua)]).toEqual([ua, true])
    }
  })
})

const BROWSERS = [
  'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36',
  'Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Mobile/15E148 Safari/604.1',
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:132.0) Gecko/20100101 Firefox/132.0',
]

describe('bot verdicts kept per user agent', () => {
  it('a flood of made-up user agents, bot-like or not, changes no verdict, first time or again', () => {
    // isBot keeps verdicts by user agent, a bounded number: push well past the bound, then ask again.
    const made = fc.sample(
      fc.oneof(
        fc.string({ maxLength: 600 }),
        fc.string().map((s) => `Mozilla/5.0 (X11; Linux x86_64) ${s}`),
        fc.string().map((s) => `${s}bot/1.0`),
      ),
      { numRuns: 6_000, seed: 14 },
    )
    const expected = (ua: string) => !ua || isbot(ua) || /viber\/|snap url preview|kakaotalk-scrap|mattermost-bot|zalo/i.test(ua)
    for (const ua of made) expect([ua, isBot(ua)]).toEqual([ua, expected(ua)])
    for (const ua of made.slice(-100)) expect([ua, isBot(ua)]).toEqual([ua, expected(ua)])
    for (const [, ua] of FETCHERS) expect([ua, isBot(ua)]).toEqual([ua, true])
    for (const ua of BROWSERS) expect([ua, isBot(ua), isBot(ua)]).toEqual([ua, false, false])
  })
})
