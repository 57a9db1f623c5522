/**
 * @module The tables of figures: articles by rank (the overview's top ones, Now's travelling
 * ones), and the columns of figures they share with the tables of sections and authors, so that a
 * figure reads and is named alike in every one.
 */
import type { Child } from 'hono/jsx'
import type { Rows } from './api'
import { displayUrl, fmt, perShare } from './format'
import { Change } from './parts'
import { articleHref, overviewHref } from './router'

/** An article's section and author, each a link to the overview kept to it. */
function ArticleMeta(props: { section: string | null; author: string | null }) {
  if (!props.section && !props.author) return null
  return (
    <span class="row-meta-links">
      {props.section && (
        <a href={overviewHref({ section: props.section })} data-filter="section">
          {props.section}
        </a>
      )}
      {props.section && props.author && ' · '}
      {props.author && (
        <a href={overviewHref({ author: props.author })} data-filter="author">
          {props.author}
        </a>
      )}
    </span>
  )
}

/** What a row of any of these tables counts. */
export interface Figures {
  clicks: number
  shares: number
  previews: number
  previousClicks?: number
}

/** Clicks; compared (`vs` names the time before), their change; shares; clicks per share; and, asked for, previews. */
export function FigureHeads(props: { vs: string | null; previews?: boolean }) {
  const { vs } = props
  return (
    <>
      <th scope="col" class="num">
        Clicks
      </th>
      {vs && (
        <th scope="col" class="num">
          {`vs ${vs}`}
        </th>
      )}
      <th scope="col" class="num">
        Shares
      </th>
      <th scope="col" class="num">
        Clicks per share
      </th>
      {props.previews && (
        <th scope="col" class="num">
          Previews
        </th>
      )}
    </>
  )
}

/** A row's cells under FigureHeads; each names its column for the narrow layout, where the heads are hidden. */
export function FigureCells(props: { row: Figures; vs: string | null; previews?: boolean }) {
  const { row: r, vs } = props
  return (
    <>
      <td class="num clicks" data-label="Clicks">
        {fmt(r.clicks)}
      </td>
      {vs && (
        <td class="num" data-label={`vs ${vs}`}>
          <Change now={r.clicks} before={r.previousClicks ?? 0} vs={vs} quiet />
        </td>
      )}
      <td class="num shares" data-label="Shares">
        {fmt(r.shares)}
      </td>
      <td class="num per-share" data-label="Clicks per share">
        {perShare(r.clicks, r.shares)}
      </td>
      {props.previews && (
        <td class="num previews" data-label="Previews">
          {fmt(r.previews)}
        </td>
      )}
    </>
  )
}

/**
 * Articles by rank, each with its title (leading to its page), its address, its section and
 * author; then a column of the table's own (`head`, and `cell` for an article); then its figures.
 */
export function ArticleTable(props: {
  id: string
  caption: string
  /** Said instead of an empty table. */
  empty: string
  rows: Rows['articles'][]
  vs: string | null
  previews?: boolean
  head: string
  cell: (a: Rows['articles']) => Child
}) {
  const { vs } = props
  if (!props.rows.length) return <p class="muted empty-note">{props.empty}</p>
  return (
    <table class="articles" id={props.id}>
      <caption class="visually-hidden">{props.caption}</caption>
      <thead>
        <tr>
          <th scope="col" class="rank">
            #
          </th>
          <th scope="col">Article</th>
          <th scope="col">{props.head}</th>
          <FigureHeads vs={vs} previews={props.previews} />
        </tr>
      </thead>
      <tbody>
        {props.rows.map((a, i) => (
          <tr data-url={a.url}>
            <td class="rank">{i + 1}</td>
            <td class="title-cell">
              <a class="row-title" href={articleHref(a.url)}>
                {a.title || displayUrl(a.url)}
              </a>
              <span class="row-url">{displayUrl(a.url)}</span>
              <ArticleMeta section={a.section} author={a.author} />
            </td>
            {props.cell(a)}
            <FigureCells row={a} vs={vs} previews={props.previews} />
          </tr>
        ))}
      </tbody>
    </table>
  )
}
