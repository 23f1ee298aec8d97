// The client lives with the attack suite, which needs it at run time; the tests use the same one.
export {
  createHttpClient,
  type HttpClient,
  type LabResponse,
  type RequestOptions,
  type ResponseObserver,
} from '../../loadtests/attacks/http-client.js'
