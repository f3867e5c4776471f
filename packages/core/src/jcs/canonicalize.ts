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
  const keys = Object.keys(value).sort();
  const members: CanonicalMember[] = new Array(keys.length);
  for (let i = 0; i < keys.length; i++) {
    const key = keys[i]!;
    const text = write(value[key]);
    if (text === undefined || !key.isWellFormed()) fail(value);
    members[i] = { key, text: JSON.stringify(key) + ':' + text };
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
 * When every object already lists its keys in RFC 8785 order and every value is plain JSON, the
 * canonical form is exactly `JSON.stringify` (ECMAScript number and string serialisation are what
 * RFC 8785 specifies), so a cheap check hands the work to the native serialiser.
 */
function write(value: unknown): string | undefined {
  if (isCanonicalJson(value)) return JSON.stringify(value);
  // Re-ordering a copy and letting the native serialiser write it beats writing piece by piece.
  const sorted = sortKeysDeep(value);
  if (isCanonicalJson(sorted)) return JSON.stringify(sorted);
  // Integer-like keys (which JavaScript objects always list first) or an unsupported value.
  return writeSorted(value);
}

/** True when `value` is plain JSON (no lone surrogates, finite numbers) with every object's keys sorted. */
function isCanonicalJson(value: unknown): boolean {
  switch (typeof value) {
    case 'string':
      return value.isWellFormed();
    case 'number':
      return Number.isFinite(value);
    case 'boolean':
      return true;
    case 'object': {
      if (value === null) return true;
      if (Array.isArray(value)) {
        for (let i = 0; i < value.length; i++) if (!isCanonicalJson(value[i])) return false;
        return true;
      }
      const proto = Object.getPrototypeOf(value);
      if (proto !== Object.prototype && proto !== null) return false;
      // An own toJSON would make JSON.stringify diverge from the data.
      if (Object.hasOwn(value, 'toJSON')) return false;
      const keys = Object.keys(value);
      for (let i = 0; i < keys.length; i++) {
        const key = keys[i]!;
        if ((i > 0 && !(keys[i - 1]! < key)) || !key.isWellFormed()) return false;
        if (!isCanonicalJson((value as Record<string, unknown>)[key])) return false;
      }
      return true;
    }
    default:
      return false;
  }
}

/** General path: sorts keys while writing; undefined for any unsupported value. */
function writeSorted(value: unknown): string | undefined {
  switch (typeof value) {
    case 'string':
      return value.isWellFormed() ? JSON.stringify(value) : undefined;
    case 'number':
      return Number.isFinite(value) ? JSON.stringify(value) : undefined;
    case 'boolean':
      return value ? 'true' : 'false';
    case 'object': {
      if (value === null) return 'null';
      if (Array.isArray(value)) {
        let out = '[';
        for (let i = 0; i < value.length; i++) {
          const item = writeSorted(value[i]);
          if (item === undefined) return undefined;
          out += i === 0 ? item : ',' + item;
        }
        return out + ']';
      }
      const proto = Object.getPrototypeOf(value);
      if (proto !== Object.prototype && proto !== null) return undefined;
      const record = value as Record<string, unknown>;
      const keys = Object.keys(record).sort();
      let out = '{';
      for (let i = 0; i < keys.length; i++) {
        const key = keys[i]!;
        const item = writeSorted(record[key]);
        if (item === undefined || !key.isWellFormed()) return undefined;
        out += (i === 0 ? '' : ',') + JSON.stringify(key) + ':' + item;
      }
      return out + '}';
    }
    default:
      return undefined;
  }
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
