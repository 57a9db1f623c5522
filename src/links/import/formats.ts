/** @module The formats this import reads, in the order they are tried; each one's test excludes the others. */
import { bitly } from './bitly'
import { dub } from './dub'
import type { Format } from './format'
import { sharelink } from './sharelink'
import { shlink } from './shlink'
import { sink } from './sink'

export const FORMATS: readonly Format[] = [sharelink, sink, bitly, dub, shlink]
