/**
 * @module Which batches a counter has applied: per sender, per day row, the range of sequence
 * numbers seen and the holes in it. A sender's batches may arrive out of order (one can be in
 * flight while the next is sent) and one that failed comes back later from KV: a hole is a batch
 * not applied yet, anything else in the range was. The holes stay few: a batch is missing only
 * while in flight or until its replay.
 */

/** [lowest, highest, ...holes]: the seqs from lowest to highest were applied, but the holes. */
export type SeqRange = number[]

/** Past this many holes a sender is misbehaving: the oldest are forgotten (and would count again). */
const MAX_HOLES = 1000

export function seqsFrom(value: unknown): Record<string, SeqRange> {
  const out: Record<string, SeqRange> = Object.create(null)
  if (value && typeof value === 'object') {
    for (const [sender, range] of Object.entries(value)) {
      if (Array.isArray(range) && range.length >= 2 && range.every(Number.isInteger)) out[sender] = range as SeqRange
    }
  }
  return out
}

export function applied(range: SeqRange | undefined, seq: number): boolean {
  if (!range) return false
  const [lo, hi, ...holes] = range as [number, number, ...number[]]
  return seq >= lo && seq <= hi && !holes.includes(seq)
}

/** The range with `seq` marked applied. */
export function mark(range: SeqRange | undefined, seq: number): SeqRange {
  if (!range) return [seq, seq]
  let [lo, hi, ...holes] = range as [number, number, ...number[]]
  if (seq > hi) {
    for (let s = hi + 1; s < seq; s++) holes.push(s)
    hi = seq
  } else if (seq < lo) {
    for (let s = seq + 1; s < lo; s++) holes.push(s)
    lo = seq
  } else holes = holes.filter((s) => s !== seq)
  if (holes.length > MAX_HOLES) holes = holes.sort((a, b) => a - b).slice(-MAX_HOLES)
  return [lo, hi, ...holes]
}
