import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ClearledgerError } from '@clearledger/core';
import { JsonRpcError, type JsonRpcErrorObject } from '../edr/JsonRpcError.ts';

/** Answers one JSON-RPC call: returns its result or throws {@link JsonRpcError}. */
export type JsonRpcHandler = (method: string, params: readonly unknown[]) => Promise<unknown>;

/** Parameters of {@link serveJsonRpc}. */
export type ServeJsonRpcParameters = {
  /** Loopback address to listen on: `127.0.0.1` (default), `::1` or `localhost`. */
  host?: string;
  /** TCP port; 0 (default) picks a free one. */
  port?: number;
  /** Largest request body accepted, in bytes. Default 4 MiB. */
  maxBodyBytes?: number;
  /** Most calls in one batch request. Default 1,000. */
  maxBatch?: number;
};

/** A running JSON-RPC server, see {@link serveJsonRpc}. */
export type JsonRpcServer = {
  /** Where it listens, e.g. `http://127.0.0.1:8545`. */
  url: string;
  /** Stops listening and closes open connections. */
  close(): Promise<void>;
};

const loopbackHosts = new Set(['127.0.0.1', '::1', 'localhost']);
const hostHeaderNames = new Set(['127.0.0.1', '[::1]', 'localhost']);

type Answer = { jsonrpc: '2.0'; id: unknown; result?: unknown; error?: JsonRpcErrorObject };

/**
 * Serves JSON-RPC 2.0 over HTTP on a loopback address: `POST` with an `application/json` body
 * holding one call or a batch (array) of calls, answered in order. Refused: other HTTP methods (405),
 * other media types (415), a `Host` header that is not a loopback name (403, against DNS rebinding
 * from a browser), bodies over the limit (413).
 *
 * @param handle - answers each call.
 * @param parameters - host, port, body and batch limits.
 * @returns the server and its URL.
 * @throws ClearledgerError `CL_CONFIG_INVALID` for a host that is not a loopback address.
 * @example
 * const server = await serveJsonRpc((method, params) => chain.request({ method, params }), { port: 8545 });
 * server.url; // 'http://127.0.0.1:8545'
 */
export async function serveJsonRpc(
  handle: JsonRpcHandler,
  parameters: ServeJsonRpcParameters = {},
): Promise<JsonRpcServer> {
  const host = parameters.host ?? '127.0.0.1';
  if (!loopbackHosts.has(host)) {
    throw new ClearledgerError(
      'CL_CONFIG_INVALID',
      `The chain JSON-RPC server listens on loopback only (127.0.0.1, ::1, localhost), not on ${host}.`,
      { field: 'host' },
    );
  }
  const maxBodyBytes = parameters.maxBodyBytes ?? 4 * 1024 * 1024;
  const maxBatch = parameters.maxBatch ?? 1000;

  async function answer(call: unknown): Promise<Answer> {
    const id = typeof call === 'object' && call !== null && 'id' in call ? (call as { id: unknown }).id : null;
    const validId = id === null || typeof id === 'string' || typeof id === 'number';
    const { jsonrpc, method, params } = (typeof call === 'object' && call !== null ? call : {}) as Record<
      string,
      unknown
    >;
    if (jsonrpc !== '2.0' || typeof method !== 'string' || !validId) {
      return { jsonrpc: '2.0', id: validId ? id : null, error: { code: -32600, message: 'invalid request' } };
    }
    if (params !== undefined && !Array.isArray(params)) {
      return { jsonrpc: '2.0', id, error: { code: -32602, message: 'params must be an array' } };
    }
    try {
      const result = await handle(method, params ?? []);
      return { jsonrpc: '2.0', id, result: result ?? null };
    } catch (error) {
      const rpcError = error instanceof JsonRpcError ? error.toJSON() : { code: -32603, message: 'internal error' };
      return { jsonrpc: '2.0', id, error: rpcError };
    }
  }

  async function respond(request: IncomingMessage, response: ServerResponse): Promise<void> {
    if (request.method !== 'POST') return plain(response, 405, 'Method Not Allowed', { allow: 'POST' });
    if (!hostHeaderNames.has(hostName(request.headers.host ?? ''))) return plain(response, 403, 'Forbidden');
    const type = (request.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
    if (type !== 'application/json') return plain(response, 415, 'Unsupported Media Type');
    const body = await readBody(request, maxBodyBytes);
    if (body === undefined) return plain(response, 413, 'Payload Too Large', { connection: 'close' });

    let payload: unknown;
    try {
      payload = JSON.parse(body.toString('utf8'));
    } catch {
      return json(response, { jsonrpc: '2.0', id: null, error: { code: -32700, message: 'parse error' } });
    }
    if (!Array.isArray(payload)) return json(response, await answer(payload));
    if (payload.length === 0 || payload.length > maxBatch) {
      const message = payload.length === 0 ? 'empty batch' : `batch larger than ${maxBatch} calls`;
      return json(response, { jsonrpc: '2.0', id: null, error: { code: -32600, message } });
    }
    const answers: Answer[] = [];
    // In order, one after the other: a batch may send transactions that depend on each other.
    for (const call of payload) answers.push(await answer(call));
    return json(response, answers);
  }

  const server = createServer((request, response) => {
    respond(request, response).catch(() => {
      if (!response.headersSent) plain(response, 500, 'Internal Server Error');
      else response.destroy();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(parameters.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port, family } = server.address() as AddressInfo;
  const url = `http://${family === 'IPv6' ? '[::1]' : '127.0.0.1'}:${port}`;
  return {
    url,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

/** The name part of a Host header (`127.0.0.1:8545` → `127.0.0.1`, `[::1]:8545` → `[::1]`). */
function hostName(header: string): string {
  const value = header.trim().toLowerCase();
  if (value.startsWith('[')) return value.slice(0, value.indexOf(']') + 1);
  return value.split(':')[0]!;
}

/** The request body, or undefined as soon as it is larger than `limit` bytes (the rest is drained unread). */
function readBody(request: IncomingMessage, limit: number): Promise<Buffer | undefined> {
  return new Promise((resolve, reject) => {
    if (Number(request.headers['content-length'] ?? 0) > limit) {
      request.resume();
      resolve(undefined);
      return;
    }
    const chunks: Buffer[] = [];
    let length = 0;
    request.on('data', (chunk: Buffer) => {
      length += chunk.length;
      if (length <= limit) chunks.push(chunk);
      else resolve(undefined);
    });
    request.on('end', () => resolve(length > limit ? undefined : Buffer.concat(chunks, length)));
    request.on('error', reject);
  });
}

function json(response: ServerResponse, payload: unknown): void {
  const body = JSON.stringify(payload);
  response.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) });
  response.end(body);
}

function plain(response: ServerResponse, status: number, text: string, headers: Record<string, string> = {}): void {
  response.writeHead(status, { 'content-type': 'text/plain; charset=utf-8', ...headers });
  response.end(text);
}
