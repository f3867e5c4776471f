/** One problem of a rejected credential: which input, which field (a JSON pointer), why. */
export type ApiProblem = { index?: number; field: string; code: string; message: string };

/**
 * A failed API call. `code` is the node's `CL_*` code, or `NETWORK` (the node could not be reached)
 * or `HTTP_<status>` (an answer without a Clearledger error body).
 */
export class ApiError extends Error {
  override readonly name = 'ApiError';
  readonly status: number;
  readonly code: string;
  readonly field: string | undefined;
  readonly problems: readonly ApiProblem[];

  constructor(params: { status: number; code: string; message: string; field?: string; problems?: ApiProblem[] }) {
    super(params.message);
    this.status = params.status;
    this.code = params.code;
    this.field = params.field;
    this.problems = params.problems ?? [];
  }
}

export function isApiError(error: unknown): error is ApiError {
  return error instanceof ApiError;
}

function problemsOf(value: unknown): ApiProblem[] {
  if (!Array.isArray(value)) return [];
  return value.flatMap((p): ApiProblem[] => {
    if (typeof p !== 'object' || p === null) return [];
    const { index, field, code, message } = p as Record<string, unknown>;
    return [
      {
        ...(typeof index === 'number' ? { index } : {}),
        field: typeof field === 'string' ? field : '',
        code: typeof code === 'string' ? code : 'CL_INPUT_INVALID',
        message: typeof message === 'string' ? message : '',
      },
    ];
  });
}

/** Maps an error response (`{ error: { code, message, field?, problems? } }`, or anything else) to an {@link ApiError}. */
export function apiErrorFromBody(status: number, body: unknown): ApiError {
  const error = (body as { error?: unknown } | null)?.error;
  if (typeof error === 'object' && error !== null) {
    const { code, message, field, problems } = error as Record<string, unknown>;
    if (typeof code === 'string')
      return new ApiError({
        status,
        code,
        message: typeof message === 'string' ? message : code,
        ...(typeof field === 'string' ? { field } : {}),
        problems: problemsOf(problems),
      });
  }
  return new ApiError({ status, code: `HTTP_${status}`, message: `The node answered HTTP ${status}.` });
}

export type ApiClientOptions = {
  /** Origin and path prefix of the node's API; '' for the same origin. */
  baseUrl?: string;
  fetch?: typeof fetch;
  /** The bearer token to send, if signed in. */
  getToken?: () => string | null;
  /** Called when the node refuses the token (expired, revoked), before the error is thrown. */
  onUnauthorized?: (error: ApiError) => void;
  /**
   * Called after each request with whether the node answered (any status) or could not be reached:
   * what the browser says of the network (`navigator.onLine`) is not always true.
   */
  onReachability?: (reachable: boolean) => void;
};

export type RequestOptions = { signal?: AbortSignal; auth?: boolean };

/**
 * A small fetch wrapper for the node's API: JSON in and out, `Authorization: Bearer` when signed
 * in, and every failure as an {@link ApiError}.
 */
export function createApiClient({
  baseUrl = '',
  fetch: doFetch,
  getToken,
  onUnauthorized,
  onReachability,
}: ApiClientOptions = {}) {
  const fetchImpl = doFetch ?? ((input: RequestInfo | URL, init?: RequestInit) => globalThis.fetch(input, init));
  async function send(
    method: string,
    path: string,
    body: unknown,
    options: RequestOptions,
    accept = 'application/json',
  ): Promise<Response> {
    const headers: Record<string, string> = { accept };
    const raw = body instanceof Blob;
    if (body !== undefined)
      headers['content-type'] = raw ? body.type || 'application/octet-stream' : 'application/json';
    const token = options.auth === false ? null : (getToken?.() ?? null);
    if (token !== null) headers.authorization = `Bearer ${token}`;
    let response: Response;
    try {
      response = await fetchImpl(baseUrl + path, {
        method,
        headers,
        credentials: 'same-origin',
        cache: 'no-store',
        ...(body === undefined ? {} : { body: raw ? body : JSON.stringify(body) }),
        ...(options.signal === undefined ? {} : { signal: options.signal }),
      });
    } catch (error) {
      if ((error as { name?: string }).name === 'AbortError') throw error;
      onReachability?.(false);
      throw new ApiError({ status: 0, code: 'NETWORK', message: 'The node could not be reached.' });
    }
    onReachability?.(true);
    if (!response.ok) {
      let parsed: unknown = null;
      try {
        parsed = await response.json();
      } catch {
        // not JSON: reported by status
      }
      const error = apiErrorFromBody(response.status, parsed);
      if (response.status === 401 && token !== null) onUnauthorized?.(error);
      throw error;
    }
    return response;
  }
  async function json<T>(method: string, path: string, body: unknown, options: RequestOptions): Promise<T> {
    const response = await send(method, path, body, options);
    if (response.status === 204) return undefined as T;
    try {
      return (await response.json()) as T;
    } catch {
      throw new ApiError({
        status: response.status,
        code: 'HTTP_BODY',
        message: 'The node sent an unreadable answer.',
      });
    }
  }
  return {
    get: <T>(path: string, options: RequestOptions = {}) => json<T>('GET', path, undefined, options),
    post: <T>(path: string, body: unknown, options: RequestOptions = {}) => json<T>('POST', path, body, options),
    /** A file sent as its bytes (its type as the content type), answered with JSON. */
    upload: <T>(path: string, file: Blob, options: RequestOptions = {}) => json<T>('POST', path, file, options),
    /** A binary answer (a PDF). */
    blob: async (path: string, accept: string, options: RequestOptions = {}) =>
      (await send('GET', path, undefined, options, accept)).blob(),
  };
}
export type ApiClient = ReturnType<typeof createApiClient>;
