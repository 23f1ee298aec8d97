/** JSON Schema of the `attacks` section (attack-section.ts is the typed definition). */
import { arrayOf, boolean, nonNegativeInteger, string } from '../results/schema-pieces.js'
import { VERDICT_KINDS } from './run-attacks.js'

const expected = {
  type: 'object',
  required: ['status'],
  properties: { status: { type: 'integer' }, code: string },
} as const

export const ATTACK_SCHEMA = {
  type: 'object',
  required: ['catalogue', 'variants', 'totals', 'passed'],
  properties: {
    catalogue: arrayOf({
      type: 'object',
      required: ['id', 'family', 'name', 'tries', 'expected', 'reference'],
      properties: { id: string, family: string, name: string, tries: string, expected, reference: string },
    }),
    variants: arrayOf({
      type: 'object',
      required: ['variant', 'strategy', 'server', 'still_serving', 'results'],
      properties: {
        variant: string,
        strategy: string,
        server: { enum: ['started', 'target'] },
        still_serving: boolean,
        failure: string,
        results: {
          type: 'object',
          additionalProperties: {
            type: 'object',
            required: ['verdict', 'status', 'expected', 'reference'],
            properties: {
              verdict: { enum: [...VERDICT_KINDS] },
              status: string,
              expected,
              reference: string,
              note: string,
            },
          },
        },
      },
    }),
    totals: {
      type: 'object',
      required: [...VERDICT_KINDS],
      additionalProperties: nonNegativeInteger,
    },
    passed: boolean,
  },
} as const
