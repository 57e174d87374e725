// A reader for protobuf text format, enough for TF Serving's ModelServerConfig and MonitoringConfig files:
// `field: value`, `field { ... }` / `field: { ... }` / `field < ... >`, repeated fields, `#` comments,
// quoted strings with C escapes, numbers, identifiers (enums, true/false). Every field becomes an array.

export class TextProtoError extends Error {
  constructor(message) {
    super(message);
    this.name = 'TextProtoError';
  }
}

function tokenize(text) {
  const tokens = [];
  const re = /\s+|#[^\n]*|("(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*')|([-+]?(?:\d+\.?\d*(?:[eE][-+]?\d+)?|\.\d+)[fF]?)|([A-Za-z_][A-Za-z0-9_.]*)|([{}<>:;,[\]])/y;
  let line = 1;
  while (re.lastIndex < text.length) {
    const start = re.lastIndex;
    const m = re.exec(text);
    if (m === null) throw new TextProtoError(`line ${line}: unexpected character ${JSON.stringify(text[start])}`);
    if (m[1] !== undefined) tokens.push({ kind: 'string', value: unescape(m[1].slice(1, -1)), line });
    else if (m[2] !== undefined) tokens.push({ kind: 'number', value: m[2], line });
    else if (m[3] !== undefined) tokens.push({ kind: 'ident', value: m[3], line });
    else if (m[4] !== undefined) tokens.push({ kind: 'punct', value: m[4], line });
    line += (m[0].match(/\n/g) ?? []).length;
  }
  return tokens;
}

function unescape(s) {
  const simple = { n: '\n', t: '\t', r: '\r', '\\': '\\', "'": "'", '"': '"', a: '\x07', b: '\b', f: '\f', v: '\v' };
  return s.replace(/\\(x[0-9a-fA-F]{1,2}|[0-7]{1,3}|.)/g, (_, e) => {
    if (e[0] === 'x') return String.fromCharCode(parseInt(e.slice(1), 16));
    if (/^[0-7]/.test(e)) return String.fromCharCode(parseInt(e, 8));
    return simple[e] ?? e;
  });
}

/** Parses text format into { field: [values...] } where a message value is again such an object. */
export function parseTextProto(text) {
  const tokens = tokenize(text);
  let i = 0;
  const peek = () => tokens[i];
  const expect = (value) => {
    const t = tokens[i];
    if (t === undefined || t.value !== value || t.kind === 'string') {
      throw new TextProtoError(`line ${t?.line ?? 'end'}: expected '${value}' but found ${t ? `'${t.value}'` : 'end of file'}`);
    }
    i++;
  };
  const parseMessage = (closing) => {
    const message = {};
    for (;;) {
      const t = peek();
      if (t === undefined) {
        if (closing === null) return message;
        throw new TextProtoError(`unexpected end of file: missing '${closing}'`);
      }
      if (t.kind === 'punct' && t.value === closing) {
        i++;
        return message;
      }
      if (t.kind !== 'ident') throw new TextProtoError(`line ${t.line}: expected a field name but found '${t.value}'`);
      i++;
      const name = t.value;
      let hadColon = false;
      if (peek()?.value === ':' && peek().kind === 'punct') {
        i++;
        hadColon = true;
      }
      const values = message[name] ?? (message[name] = []);
      const next = peek();
      if (next?.kind === 'punct' && (next.value === '{' || next.value === '<')) {
        i++;
        values.push(parseMessage(next.value === '{' ? '}' : '>'));
      } else if (next?.kind === 'punct' && next.value === '[' && hadColon) {
        i++;
        while (peek()?.value !== ']') {
          values.push(parseScalar());
          if (peek()?.value === ',') i++;
        }
        expect(']');
      } else {
        if (!hadColon) throw new TextProtoError(`line ${t.line}: expected ':' after field '${name}'`);
        values.push(parseScalar());
      }
      if (peek()?.kind === 'punct' && (peek().value === ';' || peek().value === ',')) i++;
    }
  };
  const parseScalar = () => {
    const t = tokens[i++];
    if (t === undefined) throw new TextProtoError('unexpected end of file: expected a value');
    if (t.kind === 'string') {
      let value = t.value;
      while (peek()?.kind === 'string') value += tokens[i++].value; // adjacent strings concatenate
      return value;
    }
    if (t.kind === 'number' || t.kind === 'ident') return t.kind === 'ident' ? { enum: t.value } : Number(t.value.replace(/[fF]$/, ''));
    throw new TextProtoError(`line ${t.line}: expected a value but found '${t.value}'`);
  };
  return parseMessage(null);
}
