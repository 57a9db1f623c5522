/** @module What a preview card shows: what the unfurler reads from an article (read-meta.ts). */

export interface CardMeta {
  title: string
  description: string
  image: string | null
  imageWidth?: number
  imageHeight?: number
  imageAlt?: string
  siteName: string
  twitterSite?: string
  /** When the article was first published, ISO 8601: the preview's `article:published_time`. */
  publishedTime?: string
  /** Who wrote it (names, or a profile URL as `article:author` allows): the preview's `article:author`. */
  author?: string
  /** The newsroom's section (`article:section`, JSON-LD `articleSection`): what analytics group stories by. */
  section?: string
  /** Its language as an Open Graph locale (`en_US`): the preview's `og:locale`. */
  locale?: string
}
