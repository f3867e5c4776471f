import type { CryptoPort } from '../crypto/CryptoPort.ts';
import { ClearledgerError } from '../errors/ClearledgerError.ts';

/**
 * Serialises a JSON value with the JSON Canonicalization Scheme (RFC 8785): object keys sorted by
 * UTF-16 code units, no whitespace, ECMAScript number and string serialisation.
 *
 * Throws `CL_JCS_UNSUPPORTED_VALUE` (naming the JSON pointer of the offending value) for values JSON
 * cannot carry: non-finite numbers, `undefined`, functions, symbols, bigints, lone surrogates, and
 * objects that are not plain objects or arrays.
 *
 * @example canonicalize({ b: 1, a: [true, null] }) // '{"a":[true,null],"b":1}'
 */
export function canonicalize(value: unknown): string {
  const out = write(value);
  if (out === undefined) fail(value);
  return out;
}

/** One member of a canonicalised object: its key and its `"key":value` text. */
export type CanonicalMember = { key: string; text: string };

/**
 * The RFC 8785 members of an object, sorted, each already serialised. Joining them with commas inside
 * braces gives the canonical object; leaving one out or adding one gives related canonical forms
 * without serialising everything again (the unsecured and the signed document share all members but
 * `proof`).
 */
export function canonicalMembers(value: Record<string, unknown>): CanonicalMember[] {
  const keys = Object.keys(value);
  if (keys.length === 0) return [];
  const shape = shapeOf(keys);
  if (shape === undefined) fail(value);
  const { sorted, names } = shape;
  const members: CanonicalMember[] = new Array(sorted.length);
  for (let i = 0; i < sorted.length; i++) {
    const key = sorted[i]!;
    const text = write(value[key]);
    if (text === undefined) fail(value);
    members[i] = { key, text: names[i] + text };
  }
  return members;
}

/** Joins canonical members into the canonical object, leaving out the member named `except`. */
export function joinCanonicalMembers(members: readonly CanonicalMember[], except?: string): string {
  let out = '{';
  for (const m of members) {
    if (m.key === except) continue;
    out += (out.length > 1 ? ',' : '') + m.text;
  }
  return out + '}';
}

/**
 * SHA-256 of the canonical object with all its members and without the member named `except`, hashing
 * the members before `except` once (they are the common prefix of both texts). Gives the same digests
 * as hashing both {@link joinCanonicalMembers} texts; a port without `sha256Utf8Prefixed` does just that.
 */
export function hashCanonicalMembers(
  crypto: CryptoPort,
  members: readonly CanonicalMember[],
  except: string,
): { all: Uint8Array; without: Uint8Array } {
  const at = members.findIndex((m) => m.key === except);
  if (at < 0 || crypto.sha256Utf8Prefixed === undefined) {
    return {
      all: crypto.sha256Utf8(joinCanonicalMembers(members)),
      without: crypto.sha256Utf8(joinCanonicalMembers(members, except)),
    };
  }
  let prefix = '{';
  for (let i = 0; i < at; i++) prefix += (i > 0 ? ',' : '') + members[i]!.text;
  let after = '';
  for (let i = at + 1; i < members.length; i++) after += ',' + members[i]!.text;
  const finish = crypto.sha256Utf8Prefixed(prefix);
  return {
    without: finish((at === 0 ? after.slice(1) : after) + '}'),
    all: finish((at === 0 ? '' : ',') + members[at]!.text + after + '}'),
  };
}

/** Inserts a member (at its sorted place, replacing one with the same key) and returns the canonical object. */
export function joinWithMember(members: readonly CanonicalMember[], key: string, value: unknown): string {
  const added: CanonicalMember = { key, text: JSON.stringify(key) + ':' + canonicalize(value) };
  const all = members.filter((m) => m.key !== key);
  let at = all.findIndex((m) => m.key > key);
  if (at < 0) at = all.length;
  all.splice(at, 0, added);
  return joinCanonicalMembers(all);
}

/**
 * Serialises a value, or returns undefined for any unsupported value ({@link fail} then finds where).
 * Objects are read in sorted key order (so integer-like keys, which JavaScript enumerates first, land
 * where RFC 8785 puts them); numbers and escaped strings are ECMAScript's serialisation, which is what
 * RFC 8785 specifies.
 */
function write(value: unknown): string | undefined {
  switch (typeof value) {
    case 'string':
      return writeString(value);
    case 'number':
      return Number.isFinite(value) ? String(value) : undefined;
    case 'boolean':
      return value ? 'true' : 'false';
    case 'object': {
      if (value === null) return 'null';
      if (Array.isArray(value)) {
        if (value.length === 0) return '[]';
        let out = '[';
        for (let i = 0; i < value.length; i++) {
          const item = write(value[i]);
          if (item === undefined) return undefined;
          out += i === 0 ? item : ',' + item;
        }
        return out + ']';
      }
      const proto = Object.getPrototypeOf(value);
      if (proto !== Object.prototype && proto !== null) return undefined;
      const keys = Object.keys(value);
      if (keys.length === 0) return '{}';
      const shape = shapeOf(keys);
      if (shape === undefined) return undefined;
      const { sorted, heads } = shape;
      let out = '';
      for (let i = 0; i < sorted.length; i++) {
        const item = write((value as Record<string, unknown>)[sorted[i]!]);
        if (item === undefined) return undefined;
        out += heads[i]! + item;
      }
      return out + '}';
    }
    default:
      return undefined;
  }
}

// Characters a JSON string cannot hold as they are (quote, backslash, controls) or that need the
// lone-surrogate check: strings without any are written between quotes without calling the serialiser.
// biome-ignore lint/suspicious/noControlCharactersInRegex: the controls JSON must escape are what it looks for.
const NEEDS_CARE = /["\\\u0000-\u001f\ud800-\udfff]/;

function writeString(value: string): string | undefined {
  if (!NEEDS_CARE.test(value)) return '"' + value + '"';
  return value.isWellFormed() ? JSON.stringify(value) : undefined;
}

/**
 * An object's keys as enumerated, the same keys in RFC 8785 order, each sorted key's `"key":` text, and
 * that text after the member's separator (`{` for the first, `,` for the others).
 */
type Shape = {
  keys: readonly string[];
  sorted: readonly string[];
  names: readonly string[];
  heads: readonly string[];
};

// Documents from one source repeat a handful of key lists: sorting and serialising each list once,
// not once per object, is a large part of canonicalising them. Bounded: the cache starts over when full.
const SHAPE_CACHE_KEYS = 4096;
const SHAPE_MAX_KEYS = 256;
// Key lists sharing a first key are searched one by one: a few are common, many are not worth it.
const SHAPES_PER_FIRST_KEY = 16;
const shapes = new Map<string, Shape[]>();
let cachedKeys = 0;

/** The {@link Shape} of a non-empty key list; undefined when a key holds a lone surrogate. */
function shapeOf(keys: string[]): Shape | undefined {
  const first = keys[0]!;
  const candidates = shapes.get(first);
  if (candidates !== undefined) {
    next: for (let c = 0; c < candidates.length; c++) {
      const shape = candidates[c]!;
      const known = shape.keys;
      if (known.length !== keys.length) continue;
      for (let i = 1; i < keys.length; i++) if (known[i] !== keys[i]) continue next;
      return shape;
    }
  }
  const sorted = keys.slice().sort();
  const names: string[] = new Array(sorted.length);
  const heads: string[] = new Array(sorted.length);
  for (let i = 0; i < sorted.length; i++) {
    const key = sorted[i]!;
    if (!key.isWellFormed()) return undefined;
    names[i] = JSON.stringify(key) + ':';
    heads[i] = (i === 0 ? '{' : ',') + names[i];
  }
  const shape: Shape = { keys, sorted, names, heads };
  if (keys.length > SHAPE_MAX_KEYS || (candidates !== undefined && candidates.length >= SHAPES_PER_FIRST_KEY)) {
    return shape;
  }
  if (cachedKeys + keys.length > SHAPE_CACHE_KEYS) {
    shapes.clear();
    cachedKeys = 0;
  }
  cachedKeys += keys.length;
  const list = shapes.get(first);
  if (list === undefined) shapes.set(first, [shape]);
  else list.push(shape);
  return shape;
}

/**
 * A deep copy of a JSON value with every plain object's keys in RFC 8785 order (so it serialises
 * canonically, unless it has integer-like keys). Anything that is not a plain object or array is
 * returned as it is.
 */
export function sortKeysDeep<T>(value: T): T {
  if (Array.isArray(value)) return value.map(sortKeysDeep) as T;
  if (typeof value !== 'object' || value === null) return value;
  const proto = Object.getPrototypeOf(value);
  if (proto !== Object.prototype && proto !== null) return value;
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(value).sort()) {
    const item = sortKeysDeep((value as Record<string, unknown>)[key]);
    // A "__proto__" key must stay data, never become the copy's prototype.
    if (key === '__proto__')
      Object.defineProperty(out, key, { value: item, enumerable: true, writable: true, configurable: true });
    else out[key] = item;
  }
  return out as T;
}

/** Slow path, only on failure: walks the value again to name the offending JSON pointer. */
function fail(root: unknown): never {
  const find = (value: unknown, path: string): [string, string] | null => {
    switch (typeof value) {
      case 'string':
        return value.isWellFormed() ? null : [path, 'a string holds a lone UTF-16 surrogate'];
      case 'number':
        return Number.isFinite(value) ? null : [path, 'numbers must be finite'];
      case 'boolean':
        return null;
      case 'object': {
        if (value === null) return null;
        if (Array.isArray(value)) {
          for (let i = 0; i < value.length; i++) {
            const found = find(value[i], `${path}/${i}`);
            if (found !== null) return found;
          }
          return null;
        }
        const proto = Object.getPrototypeOf(value);
        if (proto !== Object.prototype && proto !== null) return [path, 'only plain objects and arrays are JSON'];
        for (const [key, item] of Object.entries(value)) {
          const at = `${path}/${key.replaceAll('~', '~0').replaceAll('/', '~1')}`;
          if (!key.isWellFormed()) return [at, 'a key holds a lone UTF-16 surrogate'];
          const found = find(item, at);
          if (found !== null) return found;
        }
        return null;
      }
      default:
        return [path, `a ${typeof value} is not a JSON value`];
    }
  };
  const [path, reason] = find(root, '') ?? ['', 'unsupported value'];
  throw new ClearledgerError('CL_JCS_UNSUPPORTED_VALUE', `Cannot canonicalise ${path || 'the document'}: ${reason}.`, {
    field: path || '/',
  });
}
