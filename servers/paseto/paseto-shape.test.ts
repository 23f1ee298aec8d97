import { randomUUID } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { AuthError } from '../core/errors.js'
import { loadConfig } from '../core/config.js'
import { createPasetoCodec } from './paseto-strategy.js'

const codec = await createPasetoCodec(loadConfig({}))
const now = Math.floor(Date.now() / 1000)
const issued = await codec.sign({
  kind: 'access',
  sub: 'alice',
  roles: ['user'],
  jti: randomUUID(),
  iat: now,
  exp: now + 600,
})
const refusal = (token: string) =>
  codec.verify(token, 'access').then(
    () => undefined,
    (error: unknown) => error,
  )

// Issue 28: garbage is refused before the paseto library runs; the library's own error, kept as
// the refusal's cause when it refuses, says whether it ran.
describe('a v4.public token of no possible shape is refused before the library', () => {
  it('accepts its own tokens', async () => {
    expect((await codec.verify(issued, 'access')).sub).toBe('alice')
  })

  it.each([
    ['the refusal stage’s malformed token', 'v4.public.bm90LWEtdG9rZW4'],
    ['a payload one byte short of a signature and a message (64 bytes)', `v4.public.${'A'.repeat(86)}`],
    ['a character outside base64url', `${issued.slice(0, 40)}+${issued.slice(41)}`],
    ['padding', `${issued}=`],
    ['the prefix alone', 'v4.public.'],
    ['another version', issued.replace('v4.', 'v3.')],
  ])('%s: 401, and the library never saw it', async (_name, token) => {
    const error = await refusal(token)
    expect(error).toBeInstanceOf(AuthError)
    expect(error).toMatchObject({ status: 401, code: 'ERR_AUTH_INVALID', cause: undefined })
  })

  it.each([
    ['a footer (the library’s pinning refuses it)', `${issued}.${Buffer.from('{"kid":"x"}').toString('base64url')}`],
    ['a broken signature', `${issued.slice(0, -3)}${issued.at(-3) === 'A' ? 'B' : 'A'}${issued.slice(-2)}`],
    ['65 bytes: long enough to be parsed', `v4.public.${'A'.repeat(87)}`],
  ])('%s: still refused by the library', async (_name, token) => {
    const error = await refusal(token)
    expect(error).toMatchObject({ status: 401, code: 'ERR_AUTH_INVALID' })
    expect((error as Error).cause).toBeInstanceOf(Error)
  })
})
