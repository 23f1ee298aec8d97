import { createHmac, randomBytes, randomUUID } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { loadConfig } from '../core/config.js'
import { createJwtCodec } from './jwt-strategy.js'

const secret = randomBytes(32)
const config = loadConfig({ JWT_SECRET: secret.toString('base64') })
const codec = createJwtCodec('HS256', config)
const now = Math.floor(Date.now() / 1000)
const payload = {
  sub: 'alice',
  roles: ['user'],
  jti: randomUUID(),
  iat: now,
  exp: now + 600,
  iss: config.issuer,
  aud: config.audience,
}
const HEADER = '{"alg":"HS256","typ":"at+jwt"}'
const base64url = (text: string) => Buffer.from(text).toString('base64url')

/** HS256 with the server's own key over whatever parts we give: only the spelling can be wrong. */
function signParts(headerPart: string, payloadPart: string): string {
  const body = `${headerPart}.${payloadPart}`
  return `${body}.${createHmac('sha256', secret).update(body).digest('base64url')}`
}
const sign = (headerText: string, payloadText: string) => signParts(base64url(headerText), base64url(payloadText))

// The duplicate-claim check, made cheaper: these pin down that it refuses at least what it refused.
describe('the JWT codec takes only the exact JSON it signs', () => {
  it('accepts its own tokens, and the same JSON signed by hand', async () => {
    const issued = await codec.sign({
      kind: 'access',
      sub: 'alice',
      roles: ['user'],
      jti: payload.jti,
      iat: now,
      exp: now + 600,
    })
    expect((await codec.verify(issued, 'access')).sub).toBe('alice')
    expect((await codec.verify(sign(HEADER, JSON.stringify(payload)), 'access')).roles).toEqual(['user'])
  })

  it.each([
    ['a duplicate roles claim', HEADER, JSON.stringify(payload).replace(/}$/, ',"roles":["user","admin"]}')],
    ['a duplicate sub claim', HEADER, JSON.stringify(payload).replace(/}$/, ',"sub":"admin"}')],
    ['other spacing', HEADER, JSON.stringify(payload, null, 1)],
    ['an escaped letter', HEADER, JSON.stringify(payload).replace('"alice"', '"\\u0061lice"')],
    ['a header member we never sign', '{"alg":"HS256","typ":"at+jwt","kid":"1"}', JSON.stringify(payload)],
    ['header members in another order', '{"typ":"at+jwt","alg":"HS256"}', JSON.stringify(payload)],
  ])('refuses %s, signature valid or not', async (_name, headerText, payloadText) => {
    await expect(codec.verify(sign(headerText, payloadText), 'access')).rejects.toMatchObject({ status: 401 })
  })

  it('refuses a non-canonical base64url spelling of its own payload', async () => {
    // JSON of 3n+1 bytes ends in two base64url characters, the last with 4 spare bits: flipping one
    // of them spells the same bytes differently (RFC 4648 §3.5).
    const text =
      [0, 1, 2]
        .map((size) => JSON.stringify({ ...payload, pad: 'x'.repeat(size) }))
        .find((json) => json.length % 3 === 1) ?? ''
    const canonical = base64url(text)
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_'
    const twin = `${canonical.slice(0, -1)}${alphabet[alphabet.indexOf(canonical.at(-1) ?? 'A') ^ 1]}`
    expect(twin).not.toBe(canonical)
    expect(Buffer.from(twin, 'base64url').toString()).toBe(text)
    expect((await codec.verify(signParts(base64url(HEADER), canonical), 'access')).sub).toBe('alice')
    await expect(codec.verify(signParts(base64url(HEADER), twin), 'access')).rejects.toMatchObject({ status: 401 })
  })
})
