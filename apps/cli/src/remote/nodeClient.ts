import { createReadStream, statSync } from 'node:fs';
import { Readable } from 'node:stream';
import { ClearledgerError, type ErrorCode, errorCodes } from '@clearledger/core';

/** How long one request may take by default (an issue request of a full batch included). */
export const DEFAULT_TIMEOUT_MS = 60_000;

/** An error answer of the node: `{error: {code, message, field?, problems?}}`, with its HTTP status. */
export class NodeAnswerError extends ClearledgerError {
  readonly status: number;
  readonly problems: unknown[] | undefined;
  constructor(
    code: ErrorCode,
    message: string,
    status: number,
    parameters: { field?: string; details?: Record<string, unknown>; problems?: unknown[] } = {},
  ) {
    super(code, message, {
      ...(parameters.field === undefined ? {} : { field: parameters.field }),
      ...(parameters.details === undefined ? {} : { details: parameters.details }),
    });
    this.status = status;
    this.problems = parameters.problems;
  }
}

/** What a request sends: JSON, a form (OAuth token endpoint) or nothing. */
export type RequestBody =
  | { json: unknown }
  | { jsonText: string }
  | { form: Record<string, string> }
  /** A file sent as its bytes, streamed from disk. */
  | { file: string; contentType: string }
  | undefined;

/**
 * A Clearledger node's HTTP API as the CLI calls it: bearer token, JSON bodies, a timeout per
 * request (AbortSignal.timeout), and every failure as a {@link ClearledgerError} whose code is the
 * node's own (`{error: {code}}`; a code this CLI does not know becomes CL_INTERNAL). A connection
 * that fails or times out is CL_NODE_UNREACHABLE.
 */
export class NodeClient {
  readonly url: string;
  readonly token: string | undefined;
  readonly timeoutMs: number;
  #warned = false;

  constructor(url: string, options: { token?: string | undefined; timeoutMs?: number } = {}) {
    this.url = normalizeNodeUrl(url);
    this.token = options.token;
    this.timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  }

  /** Sends a request and returns the parsed JSON answer (or null for 204). */
  async json<T>(
    method: string,
    path: string,
    options: { body?: RequestBody; auth?: boolean; headers?: Record<string, string> } = {},
  ): Promise<T> {
    const response = await this.send(method, path, options);
    if (response.status === 204) return null as T;
    const text = await this.readText(response);
    try {
      return JSON.parse(text) as T;
    } catch {
      throw new ClearledgerError('CL_INTERNAL', `${this.url} answered ${path} with something that is not JSON.`);
    }
  }

  /** Sends a request and returns the answer's bytes (a PDF). */
  async bytes(method: string, path: string, options: { auth?: boolean } = {}): Promise<Buffer> {
    const response = await this.send(method, path, options);
    try {
      return Buffer.from(await response.arrayBuffer());
    } catch (error) {
      throw this.unreachable(error);
    }
  }

  /** Sends a request; an answer that is not 2xx is thrown as the node's error. */
  async send(
    method: string,
    path: string,
    options: { body?: RequestBody; auth?: boolean; headers?: Record<string, string> } = {},
  ): Promise<Response> {
    const headers: Record<string, string> = { accept: 'application/json', ...options.headers };
    let body: string | ReadableStream | undefined;
    const given = options.body;
    if (given !== undefined) {
      if ('file' in given) {
        headers['content-type'] = given.contentType;
        headers['content-length'] = String(statSync(given.file).size);
        body = Readable.toWeb(createReadStream(given.file)) as ReadableStream;
      } else if ('form' in given) {
        headers['content-type'] = 'application/x-www-form-urlencoded';
        body = new URLSearchParams(given.form).toString();
      } else {
        headers['content-type'] = 'application/json';
        body = 'jsonText' in given ? given.jsonText : JSON.stringify(given.json);
      }
    }
    if (options.auth !== false && this.token !== undefined) {
      headers.authorization = `Bearer ${this.token}`;
      this.warnPlainHttp();
    }
    let response: Response;
    try {
      response = await fetch(this.url + path, {
        method,
        headers,
        ...(body === undefined ? {} : { body }),
        // A streamed body is sent as it is read (fetch needs to be told).
        ...(typeof body === 'object' ? { duplex: 'half' } : {}),
        redirect: 'error',
        signal: AbortSignal.timeout(this.timeoutMs),
      });
    } catch (error) {
      throw this.unreachable(error);
    }
    if (response.ok) return response;
    const text = await this.readText(response);
    throw errorOfAnswer(response.status, text, `${method} ${path}`);
  }

  private async readText(response: Response): Promise<string> {
    try {
      return await response.text();
    } catch (error) {
      throw this.unreachable(error);
    }
  }

  private unreachable(error: unknown): ClearledgerError {
    const name = (error as { name?: string }).name;
    if (name === 'TimeoutError' || name === 'AbortError') {
      return new ClearledgerError(
        'CL_NODE_UNREACHABLE',
        `The node at ${this.url} did not answer within ${Math.round(this.timeoutMs / 1000)} s (--timeout).`,
        { field: '--node', details: { delivered: 'unknown' } },
      );
    }
    const cause = (error as { cause?: { code?: string; message?: string } }).cause;
    const reason = cause?.code ?? cause?.message ?? (error as Error).message;
    // Whether the request may have reached the node (a timeout or a connection lost mid-way) or
    // certainly did not (refused, unknown host, no route): what a bulk import reports per row.
    const undelivered = ['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH'].includes(
      cause?.code ?? '',
    );
    return new ClearledgerError('CL_NODE_UNREACHABLE', `Cannot reach the node at ${this.url}: ${reason}.`, {
      field: '--node',
      details: { delivered: undelivered ? false : 'unknown' },
    });
  }

  /** A token sent in clear text to another machine can be read on the way: say so once. */
  private warnPlainHttp(): void {
    if (this.#warned) return;
    this.#warned = true;
    const { protocol, hostname } = new URL(this.url);
    if (protocol === 'http:' && !isLoopbackHost(hostname)) {
      process.stderr.write(
        `warning: sending the access token to ${this.url} over plain http; use https outside a trusted network.\n`,
      );
    }
  }
}

/** The node's error answer as a ClearledgerError with the node's code (unknown codes → CL_INTERNAL). */
export function errorOfAnswer(status: number, text: string, what: string): NodeAnswerError {
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    body = undefined;
  }
  const error = (body as { error?: unknown } | undefined)?.error;
  // The API's shape, {error: {code, message, field?, problems?}}; the OAuth token endpoint answers
  // RFC 6749's {error: "invalid_client", error_description, code}.
  const fields =
    typeof error === 'object' && error !== null
      ? (error as Record<string, unknown>)
      : typeof body === 'object' && body !== null
        ? {
            code: (body as Record<string, unknown>).code,
            message: (body as Record<string, unknown>).error_description,
          }
        : {};
  const code = typeof fields.code === 'string' ? fields.code : undefined;
  const message = typeof fields.message === 'string' ? fields.message : `The node answered HTTP ${status} to ${what}.`;
  const field = typeof fields.field === 'string' ? fields.field : undefined;
  const problems = Array.isArray(fields.problems) ? fields.problems : undefined;
  const details =
    typeof fields.details === 'object' && fields.details !== null
      ? (fields.details as Record<string, unknown>)
      : undefined;
  if (code !== undefined && Object.hasOwn(errorCodes, code)) {
    return new NodeAnswerError(code as ErrorCode, message, status, {
      ...(field === undefined ? {} : { field }),
      ...(details === undefined ? {} : { details }),
      ...(problems === undefined ? {} : { problems }),
    });
  }
  return new NodeAnswerError(
    'CL_INTERNAL',
    code === undefined ? message : `${message} (the node answered ${code}, a code this CLI does not know)`,
    status,
    { details: { status, ...(code === undefined ? {} : { nodeCode: code }) } },
  );
}

/** An http(s) URL without a trailing slash, or CL_CONFIG_INVALID. */
export function normalizeNodeUrl(text: string): string {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new ClearledgerError('CL_CONFIG_INVALID', `"${text}" is not a node URL such as https://node.example.`, {
      field: '--node',
    });
  }
  if ((url.protocol !== 'http:' && url.protocol !== 'https:') || url.username !== '' || url.password !== '') {
    throw new ClearledgerError(
      'CL_CONFIG_INVALID',
      `The node URL must be http(s)://host[:port][/path] without a user name, got "${text}".`,
      { field: '--node' },
    );
  }
  if (url.search !== '' || url.hash !== '')
    throw new ClearledgerError('CL_CONFIG_INVALID', `The node URL takes no query or fragment: "${text}".`, {
      field: '--node',
    });
  return url.toString().replace(/\/+$/, '');
}

function isLoopbackHost(hostname: string): boolean {
  return hostname === 'localhost' || hostname === '[::1]' || /^127\.\d+\.\d+\.\d+$/.test(hostname);
}
