/** Which platform a preview fetcher belongs to, from real user agents (the ones these fetchers send). */
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
