import { createServer } from 'node:http'

/**
 * The least a server can do: answer every request with a small fixed JSON body. Loading it shows
 * the load generator's own maximum on this machine; a lab server measured near that number is
 * measuring autocannon, not itself. Run as its own process, like the lab's servers.
 */
const body = JSON.stringify({ sub: 'ceiling', roles: ['user'] })
const server = createServer((_req, res) => {
  res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) })
  res.end(body)
})
server.listen(0, '127.0.0.1', () => {
  const { port } = server.address() as { port: number }
  // The same line the lab servers print, so one parser starts both.
  console.log(`[ceiling] listening on http://127.0.0.1:${port} (bare node:http, pid ${process.pid})`)
})
process.once('SIGTERM', () => server.close(() => process.exit(0)))
