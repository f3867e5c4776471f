import { ClearledgerError } from '../errors/ClearledgerError.ts';
import type { ErrorCode } from '../errors/codes.ts';

/** A JSON value as produced by {@link parseJson}: objects are plain objects (prototype `Object.prototype`). */
export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };

/** Limits applied by {@link parseJson} before and while the value is built. */
export type ParseJsonLimits = {
  /** Largest accepted UTF-8 byte length of the text. Default 1 MiB (1,048,576). */
  maxBytes?: number;
  /** Deepest accepted nesting of objects and arrays (`[]` is depth 1, a bare scalar depth 0). Default 32. */
  maxDepth?: number;
};

/** Result of {@link parseJson}: the value, or the first problem found as a {@link ClearledgerError}. */
export type ParseJsonResult = { success: true; data: JsonValue } | { success: false; error: ClearledgerError };

/** The limits {@link parseJson} applies when none are given. */
export const defaultJsonLimits: Readonly<Required<ParseJsonLimits>> = Object.freeze({
  maxBytes: 1_048_576,
  maxDepth: 32,
});

type JsonObject = { [key: string]: JsonValue };
/** An open container while parsing; `key` is the key whose value is being parsed (objects only). */
type Frame = { array: JsonValue[]; object: null; key: '' } | { array: null; object: JsonObject; key: string };

const MAX_SAFE = Number.MAX_SAFE_INTEGER;

/**
 * Parses untrusted JSON text (RFC 8259) defensively, returning problems as values.
 *
 * Beyond RFC 8259 syntax (no BOM, comments, trailing commas, leading zeros, single quotes, raw
 * control characters, NaN/Infinity or trailing content), it refuses:
 * - text larger than `maxBytes` UTF-8 bytes (checked before any parsing) → `CL_JSON_TOO_LARGE`;
 * - nesting deeper than `maxDepth` (checked before a container is opened; the parser does not
 *   recurse, so any depth of hostile input is safe) → `CL_JSON_TOO_DEEP`;
 * - the same (decoded) key twice in an object → `CL_JSON_DUPLICATE_KEY`;
 * - the keys `__proto__`, `constructor` and `prototype` → `CL_JSON_FORBIDDEN_KEY`;
 * - lone UTF-16 surrogates, raw or escaped (`"\uD800"`); a pair must be written either as two raw
 *   code units or as two `\u` escapes → `CL_JSON_LONE_SURROGATE`;
 * - any number whose magnitude exceeds `Number.MAX_SAFE_INTEGER` (2^53 − 1), whether integer,
 *   fraction or exponent form, and any non-zero literal that underflows to 0 → `CL_JSON_UNSAFE_NUMBER`.
 *   Other numbers become the nearest double, as with `JSON.parse`.
 *
 * Error messages give the character offset and the JSON pointer (RFC 6901) of the problem; both are
 * also in `error.details` (`offset`, `pointer`) and the pointer in `error.field`.
 *
 * @param text - The JSON text.
 * @param limits - Size and depth limits; missing fields take {@link defaultJsonLimits}.
 * @returns `{ success: true, data }` or `{ success: false, error }`; never throws for any input text.
 * @throws {ClearledgerError} `CL_INPUT_INVALID` only when `limits` itself is invalid (a caller bug).
 * @example
 * const result = parseJson('{"a":[1,2]}');
 * if (result.success) console.log(result.data);
 * else console.log(result.error.code, result.error.message);
 */
export function parseJson(text: string, limits: ParseJsonLimits = {}): ParseJsonResult {
  const maxBytes = limits.maxBytes ?? defaultJsonLimits.maxBytes;
  const maxDepth = limits.maxDepth ?? defaultJsonLimits.maxDepth;
  if (!Number.isSafeInteger(maxBytes) || maxBytes < 0 || !Number.isSafeInteger(maxDepth) || maxDepth < 0) {
    throw new ClearledgerError('CL_INPUT_INVALID', 'JSON limits must be non-negative safe integers.', {
      details: { maxBytes, maxDepth },
    });
  }
  if (typeof text !== 'string') {
    return { success: false, error: jsonError('CL_JSON_SYNTAX', 'The JSON text must be a string', 0, '') };
  }
  const tooLarge = checkSize(text, maxBytes);
  if (tooLarge !== undefined) return { success: false, error: tooLarge };
  const fast = fastParse(text, maxDepth);
  if (fast !== undefined) return { success: true, data: fast };
  return parseStrictly(text, maxDepth);
}

/**
 * {@link parseJson} without its fast path: every text through the checking parser (tests compare
 * the two). Limits are not validated here.
 *
 * @internal
 */
export function parseJsonStrictly(text: string, limits: ParseJsonLimits = {}): ParseJsonResult {
  const tooLarge = checkSize(text, limits.maxBytes ?? defaultJsonLimits.maxBytes);
  if (tooLarge !== undefined) return { success: false, error: tooLarge };
  return parseStrictly(text, limits.maxDepth ?? defaultJsonLimits.maxDepth);
}

function parseStrictly(text: string, maxDepth: number): ParseJsonResult {
  try {
    return { success: true, data: new Parser(text, maxDepth).parse() };
  } catch (error) {
    if (error instanceof ClearledgerError) return { success: false, error };
    throw error;
  }
}

/**
 * Like {@link parseJson}, but returns the value directly and throws the {@link ClearledgerError}.
 *
 * @param text - The JSON text.
 * @param limits - Size and depth limits; missing fields take {@link defaultJsonLimits}.
 * @returns The parsed value.
 * @throws {ClearledgerError} With one of the `CL_JSON_*` codes documented on {@link parseJson}.
 */
export function parseJsonOrThrow(text: string, limits?: ParseJsonLimits): JsonValue {
  const result = parseJson(text, limits);
  if (!result.success) throw result.error;
  return result.data;
}

/**
 * The value of a text that every check of {@link parseJson} would accept, read with the engine's
 * `JSON.parse`; `undefined` whenever it cannot tell cheaply (the checking parser then decides and
 * names the problem). One pass over the text outside strings counts object members and nesting depth
 * and looks at each number; inside strings it only looks for surrogates, raw or escaped. The text is
 * left to the checking parser when it nests deeper than `maxDepth`, has any surrogate, a number with
 * an exponent or more than 15 digits (the only numbers that could be unsafe or underflow), or when
 * `JSON.parse` refuses it. After parsing, a forbidden key, or fewer members than the text's colons
 * outside strings (a key given twice), sends it there too.
 */
function fastParse(text: string, maxDepth: number): JsonValue | undefined {
  const length = text.length;
  let colons = 0;
  let depth = 0;
  let deepest = 0;
  for (let i = 0; i < length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x22) {
      // A string: to its closing quote, skipping escapes.
      for (i++; i < length; i++) {
        const d = text.charCodeAt(i);
        if (d === 0x22) break;
        if (d >= 0xd800 && d <= 0xdfff) return undefined;
        if (d === 0x5c) {
          i++;
          // \uD800–\uDFFF: an escaped surrogate.
          if (
            text.charCodeAt(i) === 0x75 &&
            (text.charCodeAt(i + 1) | 0x20) === 0x64 &&
            isHighHexDigit(text.charCodeAt(i + 2))
          )
            return undefined;
        }
      }
    } else if (c === 0x3a) colons++;
    else if (c === 0x7b || c === 0x5b) {
      if (++depth > deepest) deepest = depth;
    } else if (c === 0x7d || c === 0x5d) depth--;
    else if (c === 0x2d || (c >= 0x30 && c <= 0x39)) {
      let digits = 0;
      for (; i < length; i++) {
        const d = text.charCodeAt(i);
        if (d >= 0x30 && d <= 0x39) digits++;
        else if (d === 0x65 || d === 0x45) return undefined;
        else if (d !== 0x2d && d !== 0x2e && d !== 0x2b) break;
      }
      if (digits > 15) return undefined;
      i--;
    }
  }
  if (deepest > maxDepth) return undefined;
  let value: JsonValue;
  try {
    value = JSON.parse(text) as JsonValue;
  } catch {
    return undefined;
  }
  const members = countMembers(value);
  return members === colons ? value : undefined;
}

/** 8–F (either case): the second hex digit of an escaped surrogate (`\uD8..` to `\uDF..`). */
function isHighHexDigit(c: number): boolean {
  return (c >= 0x38 && c <= 0x39) || ((c | 0x20) >= 0x61 && (c | 0x20) <= 0x66);
}

/** Object members in a parsed value; -1 when a key is forbidden. Iterative: any depth is safe. */
function countMembers(root: JsonValue): number {
  let count = 0;
  const stack: JsonValue[] = [root];
  while (stack.length > 0) {
    const value = stack.pop()!;
    if (typeof value !== 'object' || value === null) continue;
    if (Array.isArray(value)) {
      for (const item of value) if (typeof item === 'object' && item !== null) stack.push(item);
      continue;
    }
    for (const key in value) {
      if (key === '__proto__' || key === 'constructor' || key === 'prototype') return -1;
      count++;
      const item = value[key]!;
      if (typeof item === 'object' && item !== null) stack.push(item);
    }
  }
  return count;
}

/** Returns a `CL_JSON_TOO_LARGE` error when the UTF-8 length of `text` exceeds `maxBytes`. */
function checkSize(text: string, maxBytes: number): ClearledgerError | undefined {
  const length = text.length;
  // Each UTF-16 code unit takes 1 to 3 UTF-8 bytes (a surrogate pair 4 for 2 units).
  if (length * 3 <= maxBytes) return undefined;
  if (length > maxBytes) {
    return jsonError('CL_JSON_TOO_LARGE', `The JSON text is at least ${length} bytes; the limit is ${maxBytes}`, 0, '');
  }
  let bytes = 0;
  for (let i = 0; i < length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x80) bytes += 1;
    else if (c < 0x800) bytes += 2;
    else if (c >= 0xd800 && c <= 0xdbff && isLowSurrogate(text.charCodeAt(i + 1))) {
      bytes += 4;
      i++;
    } else bytes += 3; // BMP character, or a lone surrogate encoded as U+FFFD
  }
  if (bytes <= maxBytes) return undefined;
  return jsonError('CL_JSON_TOO_LARGE', `The JSON text is ${bytes} bytes; the limit is ${maxBytes}`, 0, '');
}

function isLowSurrogate(c: number): boolean {
  return c >= 0xdc00 && c <= 0xdfff;
}

function jsonError(code: ErrorCode, what: string, offset: number, pointer: string): ClearledgerError {
  const where = pointer === '' ? 'at the document root' : `at ${pointer}`;
  return new ClearledgerError(code, `${what} (offset ${offset}, ${where}).`, {
    field: pointer,
    details: { offset, pointer },
  });
}

/** A short, printable rendering of (possibly hostile) input for a message. */
function quote(value: string): string {
  return JSON.stringify(value.length > 40 ? value.slice(0, 40) + '…' : value);
}

function describeChar(text: string, pos: number): string {
  if (pos >= text.length) return 'end of input';
  const c = text.charCodeAt(pos);
  if (c < 0x20 || c > 0x7e) return `character U+${c.toString(16).toUpperCase().padStart(4, '0')}`;
  return `character '${text[pos]}'`;
}

function escapePointerToken(token: string): string {
  return token.replace(/~/g, '~0').replace(/\//g, '~1');
}

/** JSON pointer of the value being parsed inside the first `depth` frames, optionally one key deeper. */
function pointerOf(stack: readonly Frame[], depth: number, key?: string): string {
  let pointer = '';
  for (let i = 0; i < depth; i++) {
    const frame = stack[i]!;
    pointer += '/' + (frame.array === null ? escapePointerToken(frame.key) : String(frame.array.length));
  }
  return key === undefined ? pointer : pointer + '/' + escapePointerToken(key);
}

function isDigit(c: number): boolean {
  return c >= 0x30 && c <= 0x39;
}

function hexValue(c: number): number {
  if (c >= 0x30 && c <= 0x39) return c - 0x30;
  const lower = c | 0x20;
  if (lower >= 0x61 && lower <= 0x66) return lower - 0x61 + 10;
  return -1;
}

/** Iterative (non-recursive) RFC 8259 parser: nesting lives in an explicit, depth-limited stack. */
class Parser {
  private readonly text: string;
  private readonly maxDepth: number;
  private readonly stack: Frame[] = [];
  /** Position after the last token read by a helper. */
  private pos = 0;

  constructor(text: string, maxDepth: number) {
    this.text = text;
    this.maxDepth = maxDepth;
  }

  parse(): JsonValue {
    const text = this.text;
    const length = text.length;
    const stack = this.stack;
    if (text.charCodeAt(0) === 0xfeff) this.fail('CL_JSON_SYNTAX', 'A byte order mark (U+FEFF) is not allowed', 0);
    let pos = this.skipWhitespace(0);
    let value: JsonValue;
    for (;;) {
      // Read one value starting at `pos`; containers push a frame and loop for their first member.
      const c = text.charCodeAt(pos);
      if (c === 0x22) {
        value = this.readString(pos);
        pos = this.pos;
      } else if (c === 0x7b) {
        if (stack.length >= this.maxDepth) this.tooDeep(pos);
        const object: JsonObject = {};
        pos = this.skipWhitespace(pos + 1);
        if (text.charCodeAt(pos) === 0x7d) {
          value = object;
          pos++;
        } else {
          const key = this.readKey(object, pos, stack.length);
          pos = this.expectColon(this.pos);
          stack.push({ array: null, object, key });
          continue;
        }
      } else if (c === 0x5b) {
        if (stack.length >= this.maxDepth) this.tooDeep(pos);
        const array: JsonValue[] = [];
        pos = this.skipWhitespace(pos + 1);
        if (text.charCodeAt(pos) === 0x5d) {
          value = array;
          pos++;
        } else {
          stack.push({ array, object: null, key: '' });
          continue;
        }
      } else if (c === 0x2d || isDigit(c)) {
        value = this.readNumber(pos);
        pos = this.pos;
      } else if (c === 0x74 && text.startsWith('true', pos)) {
        value = true;
        pos += 4;
      } else if (c === 0x66 && text.startsWith('false', pos)) {
        value = false;
        pos += 5;
      } else if (c === 0x6e && text.startsWith('null', pos)) {
        value = null;
        pos += 4;
      } else {
        this.fail('CL_JSON_SYNTAX', `Expected a value, found ${describeChar(text, pos)}`, pos);
      }

      // Attach the completed value to its container, closing containers as they end.
      for (;;) {
        const frame = stack[stack.length - 1];
        pos = this.skipWhitespace(pos);
        if (frame === undefined) {
          if (pos < length)
            this.fail('CL_JSON_SYNTAX', `Unexpected ${describeChar(text, pos)} after the JSON value`, pos);
          return value;
        }
        const d = text.charCodeAt(pos);
        if (frame.array !== null) {
          frame.array.push(value);
          if (d === 0x2c) {
            pos = this.skipWhitespace(pos + 1);
            if (text.charCodeAt(pos) === 0x5d) this.fail('CL_JSON_SYNTAX', 'Trailing comma in an array', pos);
            break;
          }
          if (d !== 0x5d) this.fail('CL_JSON_SYNTAX', `Expected ',' or ']', found ${describeChar(text, pos)}`, pos);
          value = frame.array;
        } else {
          frame.object[frame.key] = value;
          if (d === 0x2c) {
            pos = this.skipWhitespace(pos + 1);
            if (text.charCodeAt(pos) === 0x7d) this.fail('CL_JSON_SYNTAX', 'Trailing comma in an object', pos);
            frame.key = this.readKey(frame.object, pos, stack.length - 1);
            pos = this.expectColon(this.pos);
            break;
          }
          if (d !== 0x7d) this.fail('CL_JSON_SYNTAX', `Expected ',' or '}', found ${describeChar(text, pos)}`, pos);
          value = frame.object;
        }
        stack.pop();
        pos++;
      }
    }
  }

  private skipWhitespace(start: number): number {
    const text = this.text;
    let pos = start;
    for (;;) {
      const c = text.charCodeAt(pos);
      if (c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09) pos++;
      else return pos;
    }
  }

  /** Expects `:` (with whitespace around it) at `start`; returns the position of the value. */
  private expectColon(start: number): number {
    const pos = this.skipWhitespace(start);
    if (this.text.charCodeAt(pos) !== 0x3a) {
      this.fail('CL_JSON_SYNTAX', `Expected ':' after an object key, found ${describeChar(this.text, pos)}`, pos);
    }
    return this.skipWhitespace(pos + 1);
  }

  /** Reads an object key at `start` and checks it against the keys of `object` (inside `depth` frames). */
  private readKey(object: JsonObject, start: number, depth: number): string {
    if (this.text.charCodeAt(start) !== 0x22) {
      this.fail('CL_JSON_SYNTAX', `Expected a double-quoted key, found ${describeChar(this.text, start)}`, start);
    }
    const key = this.readString(start);
    if (key === '__proto__' || key === 'constructor' || key === 'prototype') {
      this.fail(
        'CL_JSON_FORBIDDEN_KEY',
        `The key ${quote(key)} is not allowed`,
        start,
        pointerOf(this.stack, depth, key),
      );
    }
    if (Object.hasOwn(object, key)) {
      this.fail('CL_JSON_DUPLICATE_KEY', `Duplicate key ${quote(key)}`, start, pointerOf(this.stack, depth, key));
    }
    return key;
  }

  /** Reads the string whose opening quote is at `start`; sets `pos` after the closing quote. */
  private readString(start: number): string {
    const text = this.text;
    let i = start + 1;
    for (;;) {
      const c = text.charCodeAt(i);
      if (c === 0x22) {
        this.pos = i + 1;
        return text.slice(start + 1, i);
      }
      if (c === 0x5c) return this.readEscapedString(start, i);
      if (!(c >= 0x20)) this.badStringChar(i); // also NaN: end of input
      if (c >= 0xd800 && c <= 0xdfff) {
        if (c > 0xdbff || !isLowSurrogate(text.charCodeAt(i + 1))) this.loneSurrogate(i);
        i++;
      }
      i++;
    }
  }

  /** Slow path of {@link readString} from the first backslash at `firstEscape`. */
  private readEscapedString(start: number, firstEscape: number): string {
    const text = this.text;
    let out = text.slice(start + 1, firstEscape);
    let i = firstEscape;
    let segment = i;
    for (;;) {
      const c = text.charCodeAt(i);
      if (c === 0x22) {
        this.pos = i + 1;
        return out + text.slice(segment, i);
      }
      if (c === 0x5c) {
        out += text.slice(segment, i);
        const e = text.charCodeAt(i + 1);
        switch (e) {
          case 0x22:
            out += '"';
            break;
          case 0x5c:
            out += '\\';
            break;
          case 0x2f:
            out += '/';
            break;
          case 0x62:
            out += '\b';
            break;
          case 0x66:
            out += '\f';
            break;
          case 0x6e:
            out += '\n';
            break;
          case 0x72:
            out += '\r';
            break;
          case 0x74:
            out += '\t';
            break;
          case 0x75: {
            const unit = this.readHex4(i);
            if (unit >= 0xdc00 && unit <= 0xdfff) this.loneSurrogate(i);
            if (unit >= 0xd800 && unit <= 0xdbff) {
              // A high surrogate escape must be followed by a low surrogate escape.
              const low =
                text.charCodeAt(i + 6) === 0x5c && text.charCodeAt(i + 7) === 0x75 ? this.readHex4(i + 6) : -1;
              if (!isLowSurrogate(low)) this.loneSurrogate(i);
              out += String.fromCharCode(unit, low);
              i += 6;
            } else {
              out += String.fromCharCode(unit);
            }
            i += 4;
            break;
          }
          default:
            if (Number.isNaN(e)) this.fail('CL_JSON_SYNTAX', 'Unterminated string', i + 1);
            this.fail('CL_JSON_SYNTAX', `Invalid escape sequence '\\${text[i + 1]}'`, i);
        }
        i += 2;
        segment = i;
        continue;
      }
      if (!(c >= 0x20)) this.badStringChar(i); // also NaN: end of input
      if (c >= 0xd800 && c <= 0xdfff) {
        if (c > 0xdbff || !isLowSurrogate(text.charCodeAt(i + 1))) this.loneSurrogate(i);
        i++;
      }
      i++;
    }
  }

  /** Value of the four hex digits after the `\u` at `at`. */
  private readHex4(at: number): number {
    const text = this.text;
    let unit = 0;
    for (let k = at + 2; k < at + 6; k++) {
      const h = hexValue(text.charCodeAt(k));
      if (h < 0) this.fail('CL_JSON_SYNTAX', 'A \\u escape needs four hex digits', at);
      unit = unit * 16 + h;
    }
    return unit;
  }

  /** Reads the number at `start`; sets `pos` after it. */
  private readNumber(start: number): number {
    const text = this.text;
    let i = start;
    const negative = text.charCodeAt(i) === 0x2d;
    if (negative) i++;
    let c = text.charCodeAt(i);
    let integer = 0;
    if (c === 0x30) {
      c = text.charCodeAt(++i);
      if (isDigit(c)) this.fail('CL_JSON_SYNTAX', 'Leading zeros are not allowed in numbers', start);
    } else if (isDigit(c)) {
      do {
        integer = integer * 10 + (c - 0x30);
        c = text.charCodeAt(++i);
      } while (isDigit(c));
    } else {
      this.fail('CL_JSON_SYNTAX', `Expected a digit, found ${describeChar(text, i)}`, i);
    }
    const integerEnd = i;
    let simple = true;
    if (c === 0x2e) {
      simple = false;
      c = text.charCodeAt(++i);
      if (!isDigit(c)) this.fail('CL_JSON_SYNTAX', `Expected a digit after '.', found ${describeChar(text, i)}`, i);
      do c = text.charCodeAt(++i);
      while (isDigit(c));
    }
    const mantissaEnd = i;
    if (c === 0x65 || c === 0x45) {
      simple = false;
      c = text.charCodeAt(++i);
      if (c === 0x2b || c === 0x2d) c = text.charCodeAt(++i);
      if (!isDigit(c))
        this.fail('CL_JSON_SYNTAX', `Expected a digit in the exponent, found ${describeChar(text, i)}`, i);
      do c = text.charCodeAt(++i);
      while (isDigit(c));
    }
    this.pos = i;
    // Up to 15 digits the accumulated integer is exact; otherwise let the engine round correctly.
    let value: number;
    if (simple && integerEnd - start <= 15) value = negative ? -integer : integer;
    else value = Number(text.slice(start, i));
    if (!(Math.abs(value) <= MAX_SAFE)) {
      this.fail(
        'CL_JSON_UNSAFE_NUMBER',
        `The number ${quote(text.slice(start, i))} is larger in magnitude than ${MAX_SAFE}`,
        start,
      );
    }
    if (value === 0 && /[1-9]/.test(text.slice(start, mantissaEnd))) {
      this.fail('CL_JSON_UNSAFE_NUMBER', `The number ${quote(text.slice(start, i))} underflows to 0`, start);
    }
    return value;
  }

  private badStringChar(at: number): never {
    if (at >= this.text.length) this.fail('CL_JSON_SYNTAX', 'Unterminated string', at);
    this.fail('CL_JSON_SYNTAX', `Unescaped control ${describeChar(this.text, at)} in a string`, at);
  }

  private loneSurrogate(at: number): never {
    this.fail('CL_JSON_LONE_SURROGATE', 'A string holds a lone UTF-16 surrogate', at);
  }

  private tooDeep(at: number): never {
    this.fail('CL_JSON_TOO_DEEP', `Nesting is deeper than the limit of ${this.maxDepth}`, at);
  }

  private fail(code: ErrorCode, what: string, offset: number, pointer?: string): never {
    throw jsonError(code, what, offset, pointer ?? pointerOf(this.stack, this.stack.length));
  }
}
