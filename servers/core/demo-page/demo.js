/* global document, fetch, localStorage, location, sessionStorage, URLSearchParams */
/**
 * The demo front end: logs in, calls the API and logs out the way a real page does for each kind of
 * credential. No framework and no inline script (the CSP forbids it); text goes in with textContent
 * only, never innerHTML, so nothing the API answers can become markup.
 */
const STORAGE_KEY = 'authlab.credential'
const CSRF_KEY = 'authlab.csrf'
const keep = new URLSearchParams(location.search).get('keep') === 'localStorage' ? 'localStorage' : 'memory'

// A token kept "in memory" lives in this module's variable: no other script can name it, and it is
// gone when the tab reloads or closes. (An injected script can still wrap fetch and see it go by.)
let inMemory = null

const ADVICE = {
  Cookie:
    'Session: the id is in an HttpOnly cookie. Page scripts cannot read it, but the browser attaches it ' +
    'to every request to this site, including the ones an injected script makes.',
  Bearer: {
    memory: 'Bearer token in memory: no script can read it from storage, and it dies with the tab.',
    localStorage:
      'Bearer token in localStorage: THE COMMON ANTI-PATTERN. Any script on this origin can read it ' +
      'and send it anywhere; it outlives the tab.',
  },
  ApiKey:
    'API key: does not belong in a browser. It is a long-lived secret for servers and scripts; ' +
    'anything that runs in this page can take it.',
}

const element = (id) => document.getElementById(id)

function loadCredential() {
  if (keep === 'memory') return inMemory
  try {
    return JSON.parse(localStorage.getItem(STORAGE_KEY) ?? 'null')
  } catch {
    return null
  }
}

function saveCredential(credential) {
  if (keep === 'memory') inMemory = credential
  else localStorage.setItem(STORAGE_KEY, JSON.stringify(credential))
}

function forgetCredential() {
  inMemory = null
  localStorage.removeItem(STORAGE_KEY)
  sessionStorage.removeItem(CSRF_KEY)
}

/** One API call with whatever this page holds. The session cookie rides along on its own (same-origin). */
async function call(method, path, body) {
  const headers = {}
  const credential = loadCredential()
  if (credential) headers[credential.header] = credential.value
  // The session's CSRF token: not a credential on its own; sessionStorage keeps it for this tab only.
  const csrf = sessionStorage.getItem(CSRF_KEY)
  if (csrf && method === 'POST') headers['X-CSRF-Token'] = csrf
  if (body !== undefined) headers['Content-Type'] = 'application/json'
  const response = await fetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) })
  const text = await response.text()
  return { status: response.status, text, revocation: response.headers.get('Auth-Revocation') }
}

function show(name, answer) {
  element('result').textContent = `${name}: ${answer.status} ${answer.text}`
  document.body.dataset[name] = String(answer.status)
}

async function login(event) {
  event.preventDefault()
  const answer = await call('POST', '/auth/login', {
    username: element('username').value,
    password: element('password').value,
  })
  show('login', answer)
  if (answer.status !== 200) return
  const body = JSON.parse(answer.text)
  if (body.token_type === 'Bearer') saveCredential({ header: 'Authorization', value: `Bearer ${body.access_token}` })
  if (body.token_type === 'ApiKey') saveCredential({ header: 'X-API-Key', value: body.api_key })
  if (body.token_type === 'Cookie') sessionStorage.setItem(CSRF_KEY, body.csrf_token)
  const advice = ADVICE[body.token_type]
  element('advice').textContent = typeof advice === 'string' ? advice : (advice?.[keep] ?? '')
  document.body.dataset.tokenType = body.token_type
}

async function whoAmI() {
  show('me', await call('GET', '/api/me'))
}

async function logout() {
  const answer = await call('POST', '/auth/logout')
  forgetCredential()
  show('logout', { ...answer, text: `${answer.text}(Auth-Revocation: ${answer.revocation ?? '-'})` })
}

element('keep').textContent = keep
element('login').addEventListener('submit', login)
element('me-button').addEventListener('click', whoAmI)
element('logout-button').addEventListener('click', logout)
// On load, as an app does: am I still logged in?
whoAmI().then(() => (document.body.dataset.ready = 'true'))
