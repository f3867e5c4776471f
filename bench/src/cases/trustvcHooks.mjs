// Module hooks for the TrustVC case. @trustvc/w3c-vc's ES module build imports the CommonJS `jsonld`
// package as a namespace (`import * as jsonld`), which works under bundlers but not on Node (the
// namespace has only `default`): rewrite those imports to default imports, nothing else.
export async function load(url, context, nextLoad) {
  const result = await nextLoad(url, context);
  if (!url.includes('/@trustvc/w3c-vc/dist/esm/') || result.source === undefined) return result;
  const source = String(result.source).replaceAll("import * as jsonld from 'jsonld';", "import jsonld from 'jsonld';");
  return { ...result, source };
}
