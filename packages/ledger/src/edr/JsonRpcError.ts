/** The `error` member of a JSON-RPC 2.0 response. */
export type JsonRpcErrorObject = { code: number; message: string; data?: unknown };

/**
 * An error answered by a JSON-RPC chain provider, with its JSON-RPC `code`. Providers throw this
 * (not a `ClearledgerError`) because viem maps errors by their numeric code: `3` with hex `data`
 * decodes into the contract's custom error, `-32603` becomes `InternalRpcError`, and so on.
 */
export class JsonRpcError extends Error {
  override readonly name: string = 'JsonRpcError';
  /** JSON-RPC error code, e.g. `3` (execution reverted), `-32601` (method not found), `-32603` (internal). */
  readonly code: number;
  /** JSON-RPC error data: for a revert, the hex revert data. */
  readonly data: unknown;

  constructor(error: JsonRpcErrorObject) {
    super(error.message);
    this.code = error.code;
    this.data = error.data;
  }

  /** The JSON-RPC `error` member for this error. */
  toJSON(): JsonRpcErrorObject {
    return this.data === undefined
      ? { code: this.code, message: this.message }
      : { code: this.code, message: this.message, data: this.data };
  }
}
