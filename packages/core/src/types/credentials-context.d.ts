declare module '@digitalbazaar/credentials-context' {
  /** Map of context URL → context document. */
  export const contexts: Map<string, unknown>;
}
