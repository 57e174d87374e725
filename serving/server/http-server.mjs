// The HTTP transport: body size limit, /v1 routing to the REST API (anything else is a plain 404, as in TF
// Serving's HTTP server), one log line per request, and a graceful stop that lets in-flight requests finish.

import http from 'node:http';
import net from 'node:net';
import { errorBody } from './codec.mjs';
import { V1_PATH } from './rest-api.mjs';

export class HttpServer {
  /**
   * @param {{ api: import('./rest-api.mjs').RestApi, maxBodyBytes: number, metrics?: import('./metrics.mjs').Metrics,
   *           metricsPath?: string, log: (line: string) => void }} options
   */
  constructor({ api, maxBodyBytes, metrics = null, metricsPath = null, cors = false, log }) {
    this.api = api;
    this.cors = cors;
    this.maxBodyBytes = maxBodyBytes;
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
    const body = await this.readBody(req);
    if (body === null) {
      // TF Serving itself reads any size; an unbounded buffer is a denial of service for a local tool.
      this.reply(res, 413, errorBody(`Request body exceeds the local server's limit of ${this.maxBodyBytes} bytes (--rest_api_max_body_bytes)`), 'application/json', true);
      return { code: 'RESOURCE_EXHAUSTED' };
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

  /** The body as text, or null when it is larger than the limit (the rest is read and discarded). */
  readBody(req) {
    return new Promise((resolve, reject) => {
      const declared = Number(req.headers['content-length'] ?? 0);
      let size = 0;
      let tooLarge = declared > this.maxBodyBytes;
      const chunks = [];
      req.on('data', (chunk) => {
        size += chunk.length;
        if (size > this.maxBodyBytes) tooLarge = true;
        if (!tooLarge) chunks.push(chunk);
      });
      req.on('end', () => resolve(tooLarge ? null : Buffer.concat(chunks).toString('utf8')));
      req.on('error', reject);
    });
  }

  reply(res, status, body, contentType, close = false) {
    const headers = { 'Content-Type': contentType, 'Content-Length': Buffer.byteLength(body) };
    if (close || this.closing) headers.Connection = 'close';
    res.writeHead(status, headers);
    res.end(body);
  }

  /**
   * Stops accepting connections and resolves once every in-flight request has been answered. Connections
   * already accepted stay open until then (a request may be on the wire), and answers close them.
   */
  async close(graceMs = 200) {
    this.closing = true;
    // net.Server.close only stops listening; http.Server.close would also drop accepted idle connections.
    const closed = new Promise((resolve) => net.Server.prototype.close.call(this.server, resolve));
    for (;;) {
      if (this.active > 0) await new Promise((resolve) => { this.idle = resolve; });
      await new Promise((resolve) => setTimeout(resolve, graceMs));
      if (this.active === 0) break;
    }
    this.server.closeAllConnections();
    await closed;
  }
}
