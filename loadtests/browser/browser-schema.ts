/** JSON Schema of the `browser` section (browser-section.ts is the typed definition). */
import { boolean, string } from '../results/schema-pieces.js'

const attempt = {
  type: 'object',
  required: ['credential_attached', 'status'],
  properties: { credential_attached: boolean, status: { type: 'integer' } },
} as const

const pair = {
  type: 'object',
  required: ['fetch', 'form_post'],
  properties: { fetch: attempt, form_post: attempt },
} as const

export const BROWSER_SCHEMA = {
  type: 'object',
  required: ['chromium', 'rows', 'failures'],
  properties: {
    chromium: string,
    skipped: string,
    failures: { type: 'array', items: string },
    rows: {
      type: 'array',
      items: {
        type: 'object',
        required: [
          'variant',
          'strategy',
          'token_type',
          'keep',
          'xss_read',
          'xss_ride',
          'same_site',
          'cross_site',
          'reload_status',
          'new_tab_status',
          'logout',
        ],
        properties: {
          keep: { enum: ['cookie', 'memory', 'localStorage'] },
          xss_read: {
            type: 'object',
            required: ['found_in', 'exfiltrated', 'csp_blocked_fetch'],
            properties: {
              found_in: { type: ['string', 'null'] },
              exfiltrated: boolean,
              csp_blocked_fetch: boolean,
            },
          },
          xss_ride: attempt,
          same_site: pair,
          cross_site: pair,
          reload_status: { type: 'integer' },
          new_tab_status: { type: 'integer' },
          logout: {
            type: 'object',
            required: ['status', 'left_in_browser', 'replay_status'],
            properties: {
              status: { type: 'integer' },
              left_in_browser: boolean,
              replay_status: { type: 'integer' },
            },
          },
        },
      },
    },
  },
} as const
