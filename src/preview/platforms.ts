/**
 * @module Which platform a link-preview fetcher belongs to, from its user agent: the cards it
 * builds are the story being passed around there (for WhatsApp, Slack, Telegram, Discord and
 * iMessage, in private chats no one else can see).
 */

export const PLATFORMS = [
  'facebook',
  'x',
  'linkedin',
  'slack',
  'discord',
  'telegram',
  'whatsapp',
  'bluesky',
  'mastodon',
  'apple',
  'microsoft',
  'pinterest',
  'reddit',
  'google',
  'other',
] as const

export type Platform = (typeof PLATFORMS)[number]

// First match wins: some fetchers name others (iMessage's says "facebookexternalhit Twitterbot").
const RULES: [RegExp, Platform][] = [
  [/whatsapp/i, 'whatsapp'],
  // iMessage's preview fetcher poses as Facebook's and Twitter's crawlers from a Mac.
  [/applebot|imessage|macintosh.*facebookexternalhit.*twitterbot/i, 'apple'],
  [/facebookexternalhit|facebot|facebookcatalog|meta-externalagent|instagram/i, 'facebook'],
  // Telegram's says "TelegramBot (like TwitterBot)".
  [/telegrambot/i, 'telegram'],
  [/twitterbot|xbot\//i, 'x'],
  [/linkedinbot/i, 'linkedin'],
  [/slack(bot|-imgproxy)/i, 'slack'],
  [/discordbot/i, 'discord'],
  [/bluesky|cardyb/i, 'bluesky'],
  [/mastodon|pleroma|akkoma|misskey/i, 'mastodon'],
  [/bingbot|bingpreview|msnbot|skypeuripreview|teams|microsoftpreview|outlook/i, 'microsoft'],
  [/pinterest/i, 'pinterest'],
  [/redditbot/i, 'reddit'],
  [/googlebot|google-inspectiontool|googleother|feedfetcher-google|google-pagerenderer|googleimageproxy|chat\.google/i, 'google'],
]

/**
 * Search engines' crawlers: they index the page, they draw no card. Their fetches are counted as
 * crawls, apart from the platforms' previews (under google, microsoft, apple or other).
 */
const SEARCH = /googlebot|google-inspectiontool|bingbot|msnbot|applebot|yandex(bot|images)|baiduspider|duckduckbot|petalbot|seznambot/i

export function isSearchEngine(userAgent: string | null | undefined): boolean {
  return Boolean(userAgent && SEARCH.test(userAgent))
}

export function platformOf(userAgent: string | null | undefined): Platform {
  if (!userAgent) return 'other'
  for (const [pattern, platform] of RULES) if (pattern.test(userAgent)) return platform
  return 'other'
}
