import type { Request } from 'express'
import { describe, expect, it } from 'vitest'
import { refuseAmbiguousCredentials } from './credentials.js'

const request = (originalUrl: string) => ({ originalUrl, headersDistinct: {} }) as unknown as Request

// The check skips parsing URLs without a query (the hot path): these pin down what it still refuses.
describe('refuseAmbiguousCredentials', () => {
  it.each([
    '/api/me?access_token=x',
    '/api/me?page=2&token=x',
    '/api/me?&api_key=',
    '/api/me?sid',
    '/api/items?apikey=x#top',
    '/api/me?%61ccess_token=x',
  ])('refuses a credential in the query: %s', (url) => {
    expect(() => refuseAmbiguousCredentials(request(url))).toThrow(
      expect.objectContaining({ code: 'ERR_AUTH_IN_QUERY' }),
    )
  })

  it.each(['/api/me', '/api/me?page=2', '/api/me#token=x', '/api/token/access_token'])('lets %s through', (url) => {
    expect(() => refuseAmbiguousCredentials(request(url))).not.toThrow()
  })
})
