// TensorFlow's canonical error codes (absl::StatusCode) and the HTTP status TF Serving's REST layer maps each
// one to (tensorflow_serving/util/net_http/.../http_server.cc ToHTTPStatusCode).

const HTTP_STATUS_BY_CODE = Object.freeze({
  OK: 200,
  CANCELLED: 499,
  UNKNOWN: 500,
  INVALID_ARGUMENT: 400,
  DEADLINE_EXCEEDED: 504,
  NOT_FOUND: 404,
  ALREADY_EXISTS: 409,
  PERMISSION_DENIED: 403,
  RESOURCE_EXHAUSTED: 429,
  FAILED_PRECONDITION: 400,
  ABORTED: 409,
  OUT_OF_RANGE: 400,
  UNIMPLEMENTED: 501,
  INTERNAL: 500,
  UNAVAILABLE: 503,
  DATA_LOSS: 500,
  UNAUTHENTICATED: 401,
});

/** An error that carries a TensorFlow status code; the REST layer turns it into `{"error": message}`. */
export class ServingError extends Error {
  constructor(code, message) {
    super(message);
    if (!isStatusCode(code)) throw new TypeError(`Unknown status code ${code}`);
    this.name = 'ServingError';
    this.code = code;
  }

  get httpStatus() {
    return HTTP_STATUS_BY_CODE[this.code];
  }
}

export const invalidArgument = (message) => new ServingError('INVALID_ARGUMENT', message);
export const notFound = (message) => new ServingError('NOT_FOUND', message);
export const failedPrecondition = (message) => new ServingError('FAILED_PRECONDITION', message);
export const unimplemented = (message) => new ServingError('UNIMPLEMENTED', message);
export const internal = (message) => new ServingError('INTERNAL', message);

/** Whether `code` names one of TensorFlow's canonical status codes (OK included). */
export function isStatusCode(code) {
  return typeof code === 'string' && Object.hasOwn(HTTP_STATUS_BY_CODE, code);
}
