/**
 * @module Sections and authors over the period chosen: clicks (and, compared, their change),
 * shares, clicks per share and previews of each, every name a link to the overview kept to it.
 * Two API calls (groupBy=sections and groupBy=authors).
 */
import { Freshness, useLive } from './live'
import { CsvButton, Panel, PeriodPicker, useView } from './parts'
import { period, previousOf } from './period'
import { readSections, scopeOf } from './report'
import { overviewHref } from './router'
import { FigureCells, FigureHeads, type Figures } from './tables'

type Row = Figures & { name: string | null }

/** One table of groups (sections or authors); those the articles do not name are one row, not a link. */
function GroupTable(props: { id: string; what: 'section' | 'author'; rows: Row[]; vs: string | null }) {
  const { vs, what } = props
  const What = what === 'section' ? 'Section' : 'Author'
  if (!props.rows.length) return <p class="muted empty-note">No clicks or previews in this period.</p>
  return (
    <table class="articles groups" id={props.id}>
      <caption class="visually-hidden">{`Clicks, shares and previews by ${what}`}</caption>
      <thead>
        <tr>
          <th scope="col">{What}</th>
          <FigureHeads vs={vs} previews />
        </tr>
      </thead>
      <tbody>
        {props.rows.map((r) => (
          <tr data-name={r.name ?? ''}>
            <th scope="row" class="title-cell">
              {r.name ? (
                <a class="row-title" href={overviewHref({ [what]: r.name })}>
                  {r.name}
                </a>
              ) : (
                <span class="muted">{what === 'section' ? 'No section' : 'No author'}</span>
              )}
            </th>
            <FigureCells row={r} vs={vs} previews />
          </tr>
        ))}
      </tbody>
    </table>
  )
}

export function SectionsPage() {
  const p = period.use()
  const live = useLive((api) => readSections(api, period.get()), [p], 'Loading sections and authors')
  const heading = useView('Sections and authors')
  const d = live.data
  // What the figures on screen answer: until the next answer comes, the period they were read for.
  const vs = d?.period.compare ? previousOf(d.period) : null
  const covered = d?.period === p ? { timezone: d.timezone, start: d.sections.start, end: d.sections.end } : null

  return (
    <section id="sections" aria-labelledby="sections-title" aria-busy={live.busy ? 'true' : 'false'}>
      <div class="view-head">
        <h1 id="sections-title" tabindex={-1} ref={heading}>
          Sections and authors
        </h1>
      </div>
      <PeriodPicker covered={covered} />
      <Freshness at={live.at} busy={live.busy} onRefresh={live.reload} />
      {d && (
        <div class="grid-2">
          <Panel
            id="by-section"
            title="Sections"
            actions={<CsvButton groupBy="sections" scope={scopeOf('sections', d.query)} what="sections" />}
          >
            <GroupTable
              id="sections-table"
              what="section"
              vs={vs}
              rows={d.sections.rows.map(({ section, ...figures }) => ({ name: section, ...figures }))}
            />
          </Panel>
          <Panel
            id="by-author"
            title="Authors"
            actions={<CsvButton groupBy="authors" scope={scopeOf('authors', d.query)} what="authors" />}
          >
            <GroupTable
              id="authors-table"
              what="author"
              vs={vs}
              rows={d.authors.rows.map(({ author, ...figures }) => ({ name: author, ...figures }))}
            />
          </Panel>
        </div>
      )}
    </section>
  )
}
