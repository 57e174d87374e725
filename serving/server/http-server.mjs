// The HTTP transport: body size limit, a bound on the request bytes held at once, /v1 routing to the REST API
// (anything else is a plain 404, as in TF Serving's HTTP server), one log line per request, and a stop that lets
// in-flight requests finish within a grace period.

import http from 'node:http';
import net from 'node:net';
import { errorBody } from './response-codec.mjs';
import { V1_PATH } from './rest-api.mjs';

/** Request bodies held at once (being read, decoded, queued or run), in multiples of the body limit. */
export const BODIES_IN_FLIGHT = 4;

const TOO_LARGE = Symbol('body too large');
const BUSY = Symbol('too many bytes in flight');

export class HttpServer {
  /**
   * @param {{ api: import('./rest-api.mjs').RestApi, maxBodyBytes: number, metrics?: import('./metrics.mjs').Metrics,
   *           metricsPath?: string, log: (line: string) => void }} options
   */
  constructor({ api, maxBodyBytes, metrics = null, metricsPath = null, cors = false, log }) {
    this.api = api;
    this.cors = cors;
    this.maxBodyBytes = maxBodyBytes;
    this.maxBytesInFlight = BODIES_IN_FLIGHT * maxBodyBytes;
    this.bytesInFlight = 0;
    this.metrics = metrics;
    this.metricsPath = metricsPath;
    this.log = log;
    this.active = 0;
    this.closing = false;
    this.idle = null;
    this.server = http.createServer({ keepAliveTimeout: 30_000 }, (req, res) => this.onRequest(req, res));
  }

  listen(port, host) {
    return new Promise((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(port, host, () => {
        this.server.off('error', reject);
        resolve(this.server.address());
      });
    });
  }

  async onRequest(req, res) {
    const started = performance.now();
    this.active++;
    const urlPath = (req.url ?? '/').split('?')[0];
    let outcome = {};
    try {
      outcome = await this.dispatch(req, res, urlPath);
    } catch (error) {
      this.log(`Internal error handling ${req.method} ${urlPath}: ${error?.stack ?? error}`);
      if (!res.headersSent) this.reply(res, 500, errorBody('Internal error'), 'application/json');
    } finally {
      const ms = performance.now() - started;
      this.log(`${req.method} ${urlPath} ${res.statusCode} ${ms.toFixed(1)}ms`);
      this.metrics?.record({ model: outcome.model, api: outcome.api, code: outcome.code, micros: ms * 1000 });
      this.active--;
      if (this.active === 0 && this.idle) this.idle();
    }
  }

  async dispatch(req, res, urlPath) {
    if (this.metricsPath !== null && req.method === 'GET' && urlPath === this.metricsPath) {
      this.reply(res, 200, this.metrics.render(), 'text/plain; version=0.0.4');
      return {};
    }
    if (!V1_PATH.test(urlPath)) {
      req.resume();
      this.reply(res, 404, '', 'text/plain');
      return {};
    }
    const held = { bytes: 0 };
    try {
      return await this.answer(req, res, urlPath, held);
    } finally {
      this.bytesInFlight -= held.bytes;
    }
  }

  async answer(req, res, urlPath, held) {
    const body = await this.readBody(req, held);
    if (body === TOO_LARGE) {
      // TF Serving itself reads any size; an unbounded buffer is a denial of service for a local tool.
      this.reply(res, 413, errorBody(`Request body exceeds the local server's limit of ${this.maxBodyBytes} bytes (--rest_api_max_body_bytes)`), 'application/json', true);
      return { code: 'RESOURCE_EXHAUSTED' };
    }
    if (body === BUSY) {
      this.reply(res, 503, errorBody(`The local server holds ${this.maxBytesInFlight} bytes of other requests, its limit (${BODIES_IN_FLIGHT} × --rest_api_max_body_bytes); try again later`), 'application/json', true);
      return { code: 'UNAVAILABLE' };
    }
    const outcome = await this.api.handle(req.method, urlPath, body, req.headers);
    if (this.cors) {
      // The headers TF Serving adds with --rest_api_enable_cors_support (AddCORSHeaders).
      res.setHeader('Access-Control-Allow-Origin', '*');
      res.setHeader('Access-Control-Allow-Methods', 'POST, GET');
      res.setHeader('Access-Control-Allow-Headers', 'Content-Type');
    }
    this.reply(res, outcome.status, outcome.body, 'application/json');
    return outcome;
  }

  /** Counts `bytes` more as held by one request (`held`); false when that would pass the limit. */
  hold(held, bytes) {
    if (this.bytesInFlight + bytes > this.maxBytesInFlight) return false;
    this.bytesInFlight += bytes;
    held.bytes += bytes;
    return true;
  }

  /**
   * The body as text; TOO_LARGE when it is larger than the limit, BUSY when the requests in the server already
   * hold as many bytes as they may. A refused body is read and discarded. The bytes stay counted in `held` until
   * the request is answered.
   */
  readBody(req, held) {
    return new Promise((resolve, reject) => {
      const declared = Number(req.headers['content-length'] ?? 0);
      let size = 0;
      let refusal = declared > this.maxBodyBytes ? TOO_LARGE : null;
      if (refusal === null && !this.hold(held, declared)) refusal = BUSY;
      const chunks = [];
      req.on('data', (chunk) => {
        size += chunk.length;
        if (refusal === null && size > this.maxBodyBytes) refusal = TOO_LARGE;
        if (refusal === null && size > held.bytes && !this.hold(held, size - held.bytes)) refusal = BUSY;
        if (refusal === null) chunks.push(chunk);
      });
      req.on('end', () => resolve(refusal ?? Buffer.concat(chunks).toString('utf8')));
      req.on('error', reject);
    });
  }

  reply(res, status, body, contentType, close = false) {
    const headers = { 'Content-Type': contentType, 'Content-Length': Buffer.byteLength(body) };
    if (close || this.closing) headers.Connection = 'close';
    res.writeHead(status, headers);
    res.end(body);
  }

  /** Resolves once no request is in flight, or at `deadline` (ms epoch). */
  async idleOrAt(deadline) {
    if (this.active === 0 || Date.now() >= deadline) return;
    await new Promise((resolve) => {
      const timer = setTimeout(resolve, deadline - Date.now());
      this.idle = () => {
        clearTimeout(timer);
        resolve();
      };
    });
    this.idle = null;
  }

  /**
   * Resolves to true once no request has been in flight for `quietMs` (a request may still be on the wire of an
   * accepted connection), or to false after `ms`.
   */
  async drained(ms, quietMs = 100) {
    const deadline = Date.now() + ms;
    for (;;) {
      await this.idleOrAt(deadline);
      if (this.active > 0 || Date.now() >= deadline) return this.active === 0;
      await new Promise((resolve) => setTimeout(resolve, Math.min(quietMs, deadline - Date.now())));
      if (this.active === 0) return true;
    }
  }

  /**
   * Stops accepting connections and waits up to `graceMs` for the requests in flight to be answered (answers
   * close their connections). Connections already accepted stay open meanwhile, as a request may be on the wire.
   * Resolves to whether every request was answered; closeConnections() ends the rest.
   */
  async stopAccepting(graceMs) {
    this.closing = true;
    // net.Server.close only stops listening; http.Server.close would also drop accepted idle connections.
    this.closed = new Promise((resolve) => net.Server.prototype.close.call(this.server, resolve));
    return this.drained(graceMs);
  }

  /** Ends every connection, answered or not. */
  async closeConnections() {
    this.server.closeAllConnections();
    await this.closed;
  }

  /** Stops accepting, waits for the requests in flight (up to `graceMs`), then closes every connection. */
  async close(graceMs = 10_000) {
    await this.stopAccepting(graceMs);
    await this.closeConnections();
  }
}
