// A JSON reader with the leniency TF Serving's rapidjson parser has (NaN, Inf, Infinity, -Infinity tokens) that
// keeps each number's source text, because the dtype rules depend on it: `1.0` is not an int32, and int64
// values beyond 2^53 must not be rounded through a double.

import { invalidArgument } from './status.mjs';

/**
 * A JSON number as written in the request, where a plain JS number cannot stand for its text ("1.0", "1e3",
 * integers beyond 2^53, NaN). Every other number is parsed as a plain number (its text is exactly String(number)):
 * a body of millions of numbers then costs no object per number.
 */
export class JsonNumber {
  constructor(text, value, isInteger) {
    this.text = text;
    this.value = value;
    this.isInteger = isInteger;
  }
}

/** Whether `v` is a parsed JSON number. */
export const isJsonNumber = (v) => typeof v === 'number' || v instanceof JsonNumber;
/** A parsed JSON number's value as a double. */
export const numberValue = (v) => (typeof v === 'number' ? v : v.value);
/** A parsed JSON number's source text. */
export const numberText = (v) => (typeof v === 'number' ? String(v) : v.text);
/** Whether a parsed JSON number was written as an integer (no fraction, no exponent). */
export const isIntegerLiteral = (v) => (typeof v === 'number' ? Number.isInteger(v) : v.isInteger);

const MAX_PLAIN_INTEGER_DIGITS = 15; // below 2^53: exact as a double, and String() gives the digits back

/** A plain number when it gives `text` back exactly and keeps its integer-ness, else a JsonNumber. */
function numberFrom(text, value, isInteger) {
  const digits = text.length - (text[0] === '-' ? 1 : 0);
  const plain = isInteger
    ? digits <= MAX_PLAIN_INTEGER_DIGITS && text !== '-0'
    : !Number.isInteger(value) && String(value) === text;
  return plain ? value : new JsonNumber(text, value, isInteger);
}

const MAX_DEPTH = 512;

class Parser {
  constructor(text) {
    this.text = text;
    this.pos = 0;
  }

  fail(message, offset = this.pos) {
    throw invalidArgument(`JSON Parse error: ${message} at offset: ${offset}`);
  }

  skipWhitespace() {
    const t = this.text;
    while (this.pos < t.length) {
      const c = t.charCodeAt(this.pos);
      if (c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09) this.pos++;
      else break;
    }
  }

  parseDocument() {
    this.skipWhitespace();
    if (this.pos >= this.text.length) this.fail('The document is empty.');
    // kParseStopWhenDoneFlag: anything after the root value is ignored, as rapidjson does for TF Serving.
    return this.parseValue(0);
  }

  parseValue(depth) {
    if (depth > MAX_DEPTH) this.fail('Nesting too deep.');
    const c = this.text[this.pos];
    switch (c) {
      case '{': return this.parseObject(depth);
      case '[': return this.parseArray(depth);
      case '"': return this.parseString();
      case 't': return this.parseLiteral('true', true);
      case 'f': return this.parseLiteral('false', false);
      case 'n': return this.parseLiteral('null', null);
      default: return this.parseNumber();
    }
  }

  parseLiteral(word, value) {
    if (this.text.startsWith(word, this.pos)) {
      this.pos += word.length;
      return value;
    }
    return this.fail('Invalid value.');
  }

  /** Reads `{...}` or `[...]` from its opening character: `readElement` reads each comma-separated element. */
  parseElements(closing, what, readElement) {
    this.pos++;
    this.skipWhitespace();
    if (this.text[this.pos] === closing) {
      this.pos++;
      return;
    }
    for (;;) {
      readElement();
      this.skipWhitespace();
      const c = this.text[this.pos];
      if (c === closing) {
        this.pos++;
        return;
      }
      if (c !== ',') this.fail(`Missing a comma or '${closing}' after ${what}.`);
      this.pos++;
      this.skipWhitespace();
    }
  }

  parseObject(depth) {
    const members = new Map();
    this.parseElements('}', 'an object member', () => {
      if (this.text[this.pos] !== '"') this.fail('Missing a name for object member.');
      const key = this.parseString();
      this.skipWhitespace();
      if (this.text[this.pos] !== ':') this.fail('Missing a colon after a name of object member.');
      this.pos++;
      this.skipWhitespace();
      const value = this.parseValue(depth + 1);
      // rapidjson's FindMember returns the first of duplicate keys.
      if (!members.has(key)) members.set(key, value);
    });
    return members;
  }

  parseArray(depth) {
    const items = [];
    this.parseElements(']', 'an array element', () => items.push(this.parseValue(depth + 1)));
    return items;
  }

  parseString() {
    const t = this.text;
    const start = this.pos;
    this.pos++;
    let out = '';
    let chunkStart = this.pos;
    for (;;) {
      if (this.pos >= t.length) this.fail('Missing a closing quotation mark in string.', start);
      const c = t.charCodeAt(this.pos);
      if (c === 0x22) {
        out += t.slice(chunkStart, this.pos);
        this.pos++;
        return out;
      }
      if (c < 0x20) this.fail('Invalid encoding in string.');
      if (c !== 0x5c) {
        this.pos++;
        continue;
      }
      out += t.slice(chunkStart, this.pos);
      const e = t[this.pos + 1];
      const simple = { '"': '"', '\\': '\\', '/': '/', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t' }[e];
      if (simple !== undefined) {
        out += simple;
        this.pos += 2;
      } else if (e === 'u') {
        const hex = t.slice(this.pos + 2, this.pos + 6);
        if (!/^[0-9a-fA-F]{4}$/.test(hex)) this.fail('Incorrect hex digit after \\u escape in string.');
        out += String.fromCharCode(parseInt(hex, 16));
        this.pos += 6;
      } else {
        this.fail('Invalid escape character in string.');
      }
      chunkStart = this.pos;
    }
  }

  parseNumber() {
    const t = this.text;
    const start = this.pos;
    let negative = false;
    if (t[this.pos] === '-') {
      negative = true;
      this.pos++;
    }
    for (const [word, value] of [['NaN', NaN], ['Infinity', Infinity], ['Inf', Infinity]]) {
      if (t.startsWith(word, this.pos)) {
        if (word === 'NaN' && negative) break;
        this.pos += word.length;
        return new JsonNumber(t.slice(start, this.pos), negative ? -value : value, false);
      }
    }
    const digitsStart = this.pos;
    if (t[this.pos] === '0') this.pos++;
    else if (t[this.pos] >= '1' && t[this.pos] <= '9') while (t[this.pos] >= '0' && t[this.pos] <= '9') this.pos++;
    else this.fail('Invalid value.', start);
    let isInteger = true;
    if (t[this.pos] === '.') {
      isInteger = false;
      this.pos++;
      if (!(t[this.pos] >= '0' && t[this.pos] <= '9')) this.fail('Miss fraction part in number.');
      while (t[this.pos] >= '0' && t[this.pos] <= '9') this.pos++;
    }
    if (t[this.pos] === 'e' || t[this.pos] === 'E') {
      isInteger = false;
      this.pos++;
      if (t[this.pos] === '+' || t[this.pos] === '-') this.pos++;
      if (!(t[this.pos] >= '0' && t[this.pos] <= '9')) this.fail('Miss exponent in number.');
      while (t[this.pos] >= '0' && t[this.pos] <= '9') this.pos++;
    }
    const text = t.slice(start, this.pos);
    const value = Number(text);
    if (!Number.isFinite(value)) this.fail('Number too big to be stored in double.', digitsStart);
    return numberFrom(text, value, isInteger);
  }
}

/** Parses a request body the way TF Serving does; throws INVALID_ARGUMENT with rapidjson's messages. */
export function parseJson(text) {
  if (text.length === 0) throw invalidArgument('JSON Parse error: The document is empty');
  return new Parser(text).parseDocument();
}

export const isObject = (value) => value instanceof Map;

/** The name TF Serving uses for a JSON value's type in error messages. */
export function jsonTypeName(value) {
  if (value === null) return 'Null';
  if (value === true) return 'True';
  if (value === false) return 'False';
  if (value instanceof Map) return 'Object';
  if (Array.isArray(value)) return 'Array';
  if (typeof value === 'string') return 'String';
  return 'Number';
}

const DEBUG_LIMIT = 256;

/** Compact JSON of a parsed value for error messages, cut off after ~256 bytes as TF Serving does. */
export function debugString(value) {
  let out = '';
  const emit = (s) => {
    if (out.length >= DEBUG_LIMIT) return false;
    out += s;
    return true;
  };
  const walk = (v) => {
    if (isJsonNumber(v)) return emit(numberText(v));
    if (v instanceof Map) {
      if (!emit('{')) return false;
      let first = true;
      for (const [k, item] of v) {
        if (!first && !emit(',')) return false;
        first = false;
        if (!emit(`${JSON.stringify(k)}:`) || !walk(item)) return false;
      }
      return emit('}');
    }
    if (Array.isArray(v)) {
      if (!emit('[')) return false;
      for (let i = 0; i < v.length; i++) {
        if (i > 0 && !emit(',')) return false;
        if (!walk(v[i])) return false;
      }
      return emit(']');
    }
    return emit(JSON.stringify(v));
  };
  walk(value);
  return out;
}
