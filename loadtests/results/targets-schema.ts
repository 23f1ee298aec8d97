import { arrayOf, nonNegativeInteger, number, string } from './schema-pieces.js'

/** environment.targets of a `--targets` run (TargetsRecord in results-types.ts). */
export const TARGETS_RECORD_SCHEMA = {
  type: 'object',
  required: ['file', 'variants', 'skipped_stages'],
  properties: {
    file: string,
    variants: arrayOf({
      type: 'object',
      required: ['id', 'urls', 'processes', 'server_cpu', 'redis'],
      properties: {
        id: string,
        urls: { ...arrayOf(string), minItems: 1 },
        processes: nonNegativeInteger,
        server_cpu: { enum: ['/proc', 'metrics', null] },
        redis: { type: ['string', 'null'] },
        metrics_to_proc_cpu: number,
      },
    }),
    skipped_stages: arrayOf({
      type: 'object',
      required: ['stage', 'reason'],
      properties: { stage: string, reason: string },
    }),
  },
} as const
