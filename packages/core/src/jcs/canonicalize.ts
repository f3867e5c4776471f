import { ClearledgerError } from '../errors/ClearledgerError.ts';

/**
 * Serialises a JSON value with the JSON Canonicalization Scheme (RFC 8785): object keys sorted by
 * UTF-16 code units, no whitespace, ECMAScript number and string serialisation.
 *
 * Throws `CL_JCS_UNSUPPORTED_VALUE` for values JSON cannot carry: non-finite numbers, `undefined`,
 * functions, symbols, bigints, lone surrogates, and objects that are not plain objects or arrays.
 *
 * @example canonicalize({ b: 1, a: [true, null] }) // '{"a":[true,null],"b":1}'
 */
export function canonicalize(value: unknown): string {
  return write(value, '');
}

function write(value: unknown, path: string): string {
  switch (typeof value) {
    case 'string':
      if (!value.isWellFormed()) fail(path, 'a string holds a lone UTF-16 surrogate');
      return JSON.stringify(value);
    case 'number':
      if (!Number.isFinite(value)) fail(path, 'numbers must be finite');
      return JSON.stringify(value);
    case 'boolean':
      return value ? 'true' : 'false';
    case 'object': {
      if (value === null) return 'null';
      if (Array.isArray(value)) {
        let out = '[';
        for (let i = 0; i < value.length; i++) {
          if (i > 0) out += ',';
          out += write(value[i], path + '/' + i);
        }
        return out + ']';
      }
      const proto = Object.getPrototypeOf(value);
      if (proto !== Object.prototype && proto !== null) fail(path, 'only plain objects and arrays are JSON');
      const record = value as Record<string, unknown>;
      const keys = Object.keys(record).sort();
      let out = '{';
      for (let i = 0; i < keys.length; i++) {
        const key = keys[i]!;
        if (!key.isWellFormed()) fail(path, 'a key holds a lone UTF-16 surrogate');
        if (i > 0) out += ',';
        out += JSON.stringify(key) + ':' + write(record[key], path + '/' + key);
      }
      return out + '}';
    }
    default:
      return fail(path, `a ${typeof value} is not a JSON value`);
  }
}

function fail(path: string, reason: string): never {
  throw new ClearledgerError('CL_JCS_UNSUPPORTED_VALUE', `Cannot canonicalise ${path || 'the document'}: ${reason}.`, {
    field: path || '/',
  });
}
