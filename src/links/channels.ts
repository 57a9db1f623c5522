/** @module Share channels and each platform's share intent. */

export const CHANNELS = ['x', 'facebook', 'linkedin', 'whatsapp', 'telegram', 'reddit', 'bluesky', 'mastodon', 'email', 'copy'] as const

export type Channel = (typeof CHANNELS)[number]

/** Each channel as people read it: in the dashboard, and on the share buttons (which may translate them). */
export const CHANNEL_NAMES: Record<Channel, string> = {
  x: 'X',
  facebook: 'Facebook',
  linkedin: 'LinkedIn',
  whatsapp: 'WhatsApp',
  telegram: 'Telegram',
  reddit: 'Reddit',
  bluesky: 'Bluesky',
  mastodon: 'Mastodon',
  email: 'Email',
  copy: 'Copy link',
}

/**
 * The URL that opens the platform's composer with the short link in it. `copy` has no
 * platform: its "intent" is the short link itself, for the clipboard.
 */
export function shareIntent(channel: Channel, shortUrl: string, title: string): string {
  const u = encodeURIComponent(shortUrl)
  const t = encodeURIComponent(title)
  const both = encodeURIComponent(title ? `${title} ${shortUrl}` : shortUrl)
  switch (channel) {
    case 'x':
      return `https://x.com/intent/post?url=${u}&text=${t}`
    case 'facebook':
      return `https://www.facebook.com/sharer/sharer.php?u=${u}`
    case 'linkedin':
      return `https://www.linkedin.com/sharing/share-offsite/?url=${u}`
    case 'whatsapp':
      return `https://wa.me/?text=${both}`
    case 'telegram':
      return `https://t.me/share/url?url=${u}&text=${t}`
    case 'reddit':
      return `https://www.reddit.com/submit?url=${u}&title=${t}`
    case 'bluesky':
      return `https://bsky.app/intent/compose?text=${both}`
    case 'mastodon':
      // Mastodon has no central site; this chooser asks the reader for their instance.
      return `https://mastodonshare.com/?text=${t}&url=${u}`
    case 'email':
      return `mailto:?subject=${t}&body=${u}`
    case 'copy':
      return shortUrl
  }
}
