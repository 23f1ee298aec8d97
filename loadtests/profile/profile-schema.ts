/** JSON Schema of the `profile` section (profile-section.ts is the typed definition). */
import {
  arrayOf,
  boolean,
  nonNegativeInteger,
  nonNegativeNumber,
  nullableNumber,
  number,
  spread,
  string,
} from '../results/schema-pieces.js'
import { PROFILE_CATEGORIES } from './profile-categories.js'

const profileCategory = {
  type: 'object',
  required: ['category', 'us_per_req', 'baseline_us_per_req', 'above_baseline_us', 'share'],
  properties: {
    category: { enum: [...PROFILE_CATEGORIES] },
    us_per_req: nonNegativeNumber,
    baseline_us_per_req: nonNegativeNumber,
    above_baseline_us: number,
    share: { type: 'number', minimum: 0, maximum: 1 },
  },
} as const

export const PROFILE_SCHEMA = {
  type: 'object',
  required: [
    'method',
    'scenario',
    'sampling_interval_us',
    'rounds',
    'seconds_per_variant',
    'main_thread_cpu',
    'profiler_overhead',
    'unprofiled_samples',
    'variants',
  ],
  properties: {
    method: string,
    scenario: string,
    credential: string,
    sampling_interval_us: number,
    rounds: { type: 'integer', minimum: 1 },
    seconds_per_variant: number,
    main_thread_cpu: boolean,
    profiler_overhead: spread,
    unprofiled_samples: {
      type: 'array',
      items: { type: 'object', required: ['variant', 'round', 'requests', 'cpu_us_per_req', 'valid'] },
    },
    variants: {
      type: 'array',
      items: {
        type: 'object',
        required: [
          'variant',
          'requests',
          'busy_samples',
          'cpu_us_per_req',
          'above_baseline_us',
          'profiled_cpu_us_per_req',
          'shares_of',
          'categories',
          'lab_functions',
          'profile_file',
          'cross_check',
        ],
        properties: {
          variant: string,
          requests: nonNegativeInteger,
          busy_samples: nonNegativeInteger,
          cpu_us_per_req: spread,
          above_baseline_us: spread,
          profiled_cpu_us_per_req: spread,
          shares_of: { enum: ['above_baseline', 'own_total'] },
          categories: arrayOf(profileCategory),
          lab_functions: {
            type: 'array',
            items: {
              type: 'object',
              required: ['function', 'us_per_req'],
              properties: { function: string, us_per_req: number },
            },
          },
          profile_file: string,
          cross_check: {
            type: ['object', 'null'],
            required: [
              'unprofiled_above_baseline_us',
              'profiled_above_baseline_us',
              'cpu_stage_above_baseline_us',
              'agrees',
              'verdict',
            ],
            properties: {
              unprofiled_above_baseline_us: spread,
              profiled_above_baseline_us: nullableNumber,
              cpu_stage_above_baseline_us: spread,
              agrees: boolean,
              verdict: string,
            },
          },
        },
      },
    },
  },
} as const
