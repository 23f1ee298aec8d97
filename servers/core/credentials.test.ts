import type { Request } from 'express'
import { describe, expect, it } from 'vitest'
import { queryCredentialNames, refuseAmbiguousCredentials } from './credentials.js'

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
    // Names in any case, and the names of headers and cookies that carry our credentials.
    '/api/me?ACCESS_TOKEN=x',
    '/api/me?Access_Token=x',
    '/api/me?jwt=x',
    '/api/me?authorization=Bearer%20x',
    '/api/me?x-api-key=x',
    '/api/me?X-API-KEY=x',
    '/api/me?refresh_token=x',
    // Values shaped like our credentials, under any name or none (a bare `?<jwt>`).
    '/api/me?q=eyJhbGciOiJIUzI1NiJ9.e30.sig',
    '/api/me?eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJhbGljZSJ9.c2ln',
    '/api/me?v4.public.eyJzdWIiOiJhbGljZSJ9abc',
    '/api/me?page=v2.local.abc',
    '/api/me?k=authlab_abcdef',
    '/api/me?c=s%3Aabc.sig',
    '/api/me?c=s%253Aabc.sig',
    '/api/me?s:abc.sig',
  ])('refuses a credential in the query: %s', (url) => {
    expect(() => refuseAmbiguousCredentials(request(url))).toThrow(
      expect.objectContaining({ code: 'ERR_AUTH_IN_QUERY' }),
    )
  })

  it.each([
    '/api/me',
    '/api/me?page=2',
    '/api/me#token=x',
    '/api/token/access_token',
    '/api/me?q=sauce&sort=eyes&name=eyjolf',
  ])('lets %s through', (url) => {
    expect(() => refuseAmbiguousCredentials(request(url))).not.toThrow()
  })

  it('refuses the cookie names it is given, in any case', () => {
    const names = queryCredentialNames(['authlab.sid', '__Host-authlab.sid'])
    for (const url of ['/api/me?authlab.sid=x', '/api/me?AUTHLAB.SID=x', '/api/me?__host-authlab.sid=x']) {
      expect(() => refuseAmbiguousCredentials(request(url), names), url).toThrow(
        expect.objectContaining({ code: 'ERR_AUTH_IN_QUERY' }),
      )
    }
  })
})
