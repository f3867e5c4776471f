import type { FastifyRequest } from 'fastify';

/** The JSON text of each request body the node parsed, while its request lives. */
const texts = new WeakMap<object, string>();

/** Remembers the JSON text `request`'s body was parsed from (called by the JSON body parser). */
export function keepRawJsonBody(request: FastifyRequest, text: string): void {
  texts.set(request, text);
}

/**
 * The JSON text the request's body was parsed from, when it was JSON. A handler can pass the text
 * to a worker thread (one copy) rather than the parsed object (cloned node by node); the parsed body
 * is what the route's schema checked, and parsing the same text again gives the same values.
 */
export function rawJsonBody(request: FastifyRequest): string | undefined {
  return texts.get(request);
}
