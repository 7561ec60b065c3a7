// Generators of hostile requests for the bad-input test: take a request the server accepts and
// break exactly one thing in it (one field's type, length or text, one extra key, the JSON itself,
// the content type, the size, the credentials or the method). Built on fast-check so a fixed seed
// gives the same barrage every run.
import fc from 'fast-check';

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
export type PathKey = string | number;

/** A request being broken: the JSON body as a value, with raw bytes spliced in on serialisation. */
export class Draft {
  method: string;
  /** Path parameters, already %-encoded (a broken escape must reach the server as it is). */
  params: Record<string, string>;
  /** Query parameters as encoded `key=value` pairs. */
  query: string[];
  body: Json | undefined;
  headers: Record<string, string>;
  /** Replaces the serialised body when set (bad JSON, an oversized body). */
  rawBody: Buffer | undefined;
  private raws: Array<{ marker: string; bytes: Buffer; whole: boolean }> = [];

  constructor(
    readonly path: string,
    init: {
      method: string;
      params?: Record<string, string>;
      query?: Record<string, string>;
      body?: Json;
      headers?: Record<string, string>;
    },
  ) {
    this.method = init.method;
    this.params = Object.fromEntries(
      Object.entries(init.params ?? {}).map(([k, v]) => [k, encodeURIComponent(v)]),
    );
    this.query = Object.entries(init.query ?? {}).map(
      ([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`,
    );
    this.body = init.body === undefined ? undefined : (structuredClone(init.body) as Json);
    this.headers = { ...(init.headers ?? {}) };
  }

  /**
   * A marker standing for raw bytes in the serialised body: `whole` replaces the JSON string
   * holding the marker (a number JSON.stringify cannot write, a million-deep array); otherwise the
   * bytes go inside the string (broken UTF-8) or key (`__proto__`).
   */
  raw(bytes: Buffer | string, whole: boolean): string {
    const marker = `@@RAW${this.raws.length}@@`;
    this.raws.push({ marker, bytes: Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes), whole });
    return marker;
  }

  get(at: PathKey[]): Json | undefined {
    let v: Json | undefined = this.body;
    for (const k of at) {
      if (v === null || typeof v !== 'object') return undefined;
      v = (v as Record<string, Json>)[k as string];
    }
    return v;
  }

  set(at: PathKey[], value: Json): void {
    if (at.length === 0) {
      this.body = value;
      return;
    }
    let v = this.body as Record<string, Json>;
    for (const k of at.slice(0, -1)) v = v[k as string] as Record<string, Json>;
    v[at[at.length - 1] as string] = value;
  }

  url(): string {
    let url = this.path;
    for (const [k, v] of Object.entries(this.params)) url = url.replace(`:${k}`, v);
    return this.query.length ? `${url}?${this.query.join('&')}` : url;
  }

  payload(): Buffer | undefined {
    if (this.rawBody) return this.rawBody;
    if (this.body === undefined) return undefined;
    let text = JSON.stringify(this.body);
    for (const r of this.raws) if (r.whole) text = text.replace(`"${r.marker}"`, r.marker);
    const parts = text.split(/(@@RAW\d+@@)/);
    return Buffer.concat(
      parts.map((p) => {
        const raw = this.raws.find((r) => r.marker === p);
        return raw ? raw.bytes : Buffer.from(p, 'utf8');
      }),
    );
  }

  /** The serialised body of the unbroken parts, for breakages of the JSON text itself. */
  text(): string {
    return this.body === undefined ? '' : JSON.stringify(this.body);
  }
}

/** One way of breaking a request, with the value fast-check chose for it. */
export type Breakage = { kind: string; apply(d: Draft): void };

const breakage = <T>(
  kind: string,
  values: fc.Arbitrary<T>,
  apply: (d: Draft, value: T) => void,
): fc.Arbitrary<Breakage> => values.map((v) => ({ kind, apply: (d: Draft) => apply(d, v) }));

// --- what a field is ----------------------------------------------------------------------------

export type FieldKind =
  | {
      t: 'string';
      max?: number;
      min?: number;
      nullable?: boolean;
      bad?: string[];
      /**
       * A record field on the wire, which takes any scalar: a number, true or null where text is
       * wanted is the domain's to judge (a rejected mutation in a 200), not malformed input.
       */
      anyScalar?: boolean;
    }
  | { t: 'int'; min: number; max: number; nullable?: boolean }
  | { t: 'enum'; values: readonly string[] }
  | { t: 'bool' }
  | { t: 'time' }
  | { t: 'array'; max: number; min?: number }
  | { t: 'object'; keys: readonly string[] }
  | { t: 'map' };

export const BAD_IDS = [
  'short',
  'has spaces in it',
  '../../etc/passwd',
  "x'; drop table users; --",
  'ünïcödé-identifier',
  'a'.repeat(65),
  '',
];
export const BAD_TIMES = [
  '2026-13-01T09:00:00Z',
  '2026-02-30T09:00:00Z',
  '2026-05-01T25:00:00Z',
  '2026-05-01 09:00:00',
  '2026-05-01T09:00:00+01:00',
  'yesterday',
  '1777626000000',
  '',
];
export const BAD_EMAILS = ['not-an-email', 'a@', '@example.org', 'two words@example.org', ''];

/** Byte sequences that are not UTF-8: a stray continuation, an overlong '/', a CESU surrogate. */
const BROKEN_UTF8 = [[0xff], [0xc3, 0x28], [0xc0, 0xaf], [0xed, 0xa0, 0x80], [0xf8, 0x88, 0x80]];
const LONE_SURROGATES = ['\uD800', '\uDBFF', '\uDC00', '\uDFFF'];
const HOSTILE_KEYS = ['isAdmin', 'role', 'ownerId', 'userId', 'seq', 'password_hash', 'sql'];

const insertAt = (s: string, piece: string, i: number) => {
  const at = s.length ? i % (s.length + 1) : 0;
  return s.slice(0, at) + piece + s.slice(at);
};
const deepArray = (n: number) => '['.repeat(n) + ']'.repeat(n);
const deepObject = (n: number) => '{"a":'.repeat(n) + '1' + '}'.repeat(n);
const nesting = fc.tuple(fc.integer({ min: 33, max: 20_000 }), fc.boolean());

/** Every way this generator knows of breaking one field of a JSON body. */
export function fieldBreakages(at: PathKey[], kind: FieldKind): fc.Arbitrary<Breakage>[] {
  const set = (d: Draft, v: Json) => d.set(at, v);
  const current = (d: Draft) => {
    const v = d.get(at);
    return typeof v === 'string' ? v : '';
  };
  const deep = breakage('deep nesting', nesting, (d, [n, asArray]) =>
    set(d, d.raw(asArray ? deepArray(n) : deepObject(n), true)),
  );
  const textBreaks = [
    breakage(
      'lone surrogate',
      fc.tuple(fc.constantFrom(...LONE_SURROGATES), fc.nat()),
      (d, [s, i]) => set(d, insertAt(current(d), s, i)),
    ),
    breakage('NUL character', fc.nat(), (d, i) => set(d, insertAt(current(d), '\u0000', i))),
    breakage(
      'invalid UTF-8',
      fc.tuple(fc.constantFrom(...BROKEN_UTF8), fc.nat()),
      (d, [bytes, i]) => set(d, insertAt(current(d), d.raw(Buffer.from(bytes), false), i)),
    ),
  ];
  switch (kind.t) {
    case 'string': {
      const out = [
        breakage(
          'wrong type',
          fc.constantFrom<Json>(
            ...(kind.anyScalar ? [] : [42, true]),
            [],
            {},
            ['x'],
            ...(kind.nullable || kind.anyScalar ? [] : [null]),
          ),
          set,
        ),
        ...textBreaks,
        deep,
      ];
      if (kind.max !== undefined) {
        const max = kind.max;
        out.push(
          breakage('too long', fc.integer({ min: max + 1, max: max * 2 + 50 }), (d, n) =>
            set(d, 'a'.repeat(n)),
          ),
        );
      }
      if (kind.min) out.push(breakage('blank', fc.constantFrom('', '   '), set));
      if (kind.bad?.length) out.push(breakage('malformed', fc.constantFrom(...kind.bad), set));
      return out;
    }
    case 'time':
      return [
        breakage('wrong type', fc.constantFrom<Json>(1777626000000, true, null, {}, []), set),
        breakage('malformed', fc.constantFrom(...BAD_TIMES), set),
        breakage('too long', fc.integer({ min: 1, max: 5000 }), (d, n) =>
          set(d, current(d) + 'x'.repeat(n)),
        ),
        ...textBreaks,
        deep,
      ];
    case 'int': {
      const out = [
        breakage(
          'wrong type',
          fc.constantFrom<Json>('1', true, [], {}, '', 'NaN', ...(kind.nullable ? [] : [null])),
          set,
        ),
        breakage(
          'fraction',
          fc.double({ min: 0.001, max: 1e6, noNaN: true }).filter((x) => !Number.isInteger(x)),
          set,
        ),
        breakage(
          'below minimum',
          fc.integer({ min: Number.MIN_SAFE_INTEGER, max: kind.min - 1 }),
          set,
        ),
        breakage(
          'huge number',
          fc.constantFrom(
            '1e400',
            '-1e400',
            '1e308',
            '123456789012345678901234567890',
            '9007199254740993',
            '-9007199254740993',
          ),
          (d, text) => set(d, d.raw(text, true)),
        ),
        deep,
      ];
      if (kind.max < Number.MAX_SAFE_INTEGER) {
        out.push(
          breakage(
            'above maximum',
            fc.integer({ min: kind.max + 1, max: Number.MAX_SAFE_INTEGER }),
            set,
          ),
        );
      }
      return out;
    }
    case 'enum':
      return [
        breakage('wrong type', fc.constantFrom<Json>(1, true, null, [], {}), set),
        breakage(
          'unknown value',
          fc.constantFrom(
            'superuser',
            kind.values[0]!.toUpperCase(),
            `${kind.values[0]} `,
            '',
            '__proto__',
          ),
          set,
        ),
        ...textBreaks.slice(0, 2),
      ];
    case 'bool':
      return [breakage('wrong type', fc.constantFrom<Json>('true', 1, 0, null, 'yes', []), set)];
    case 'array': {
      const out = [
        breakage('wrong type', fc.constantFrom<Json>({}, 'x', 5, null, true), set),
        breakage('too many items', fc.integer({ min: 1, max: 3 }), (d, extra) => {
          const items = (d.get(at) as Json[]) ?? [];
          const sample = items[0] ?? 'x';
          set(
            d,
            Array.from({ length: kind.max + extra }, () => structuredClone(sample)),
          );
        }),
        breakage('item of the wrong type', fc.constantFrom<Json>(42, true, [], {}), (d, v) => {
          const items = [...((d.get(at) as Json[]) ?? [])];
          items.push(v);
          set(d, items);
        }),
        deep,
      ];
      if (kind.min) out.push(breakage('empty', fc.constant([] as Json), set));
      return out;
    }
    case 'object':
      return [
        breakage('wrong type', fc.constantFrom<Json>([], 'x', 1, null, true), set),
        breakage(
          'unknown key',
          fc.tuple(
            fc.oneof(
              fc.constantFrom(...HOSTILE_KEYS.filter((k) => !kind.keys.includes(k))),
              fc.stringMatching(/^x[A-Za-z]{1,12}$/),
            ),
            fc.constantFrom<Json>(1, 'x', true, null, {}, []),
          ),
          (d, [key, value]) => {
            const obj = { ...(d.get(at) as Record<string, Json>) };
            obj[key] = value;
            set(d, obj);
          },
        ),
        breakage(
          'prototype pollution',
          fc.constantFrom(
            ['__proto__', '{"isAdmin":true}'],
            ['constructor', '{"prototype":{"isAdmin":true}}'],
          ),
          (d, [key, value]) => {
            const obj = { ...(d.get(at) as Record<string, Json>) };
            obj[d.raw(key, false)] = d.raw(value, true);
            set(d, obj);
          },
        ),
        deep,
      ];
    case 'map':
      return [
        breakage('wrong type', fc.constantFrom<Json>([], 'x', 1, true), set),
        breakage(
          'bad key',
          fc.constantFrom(
            '',
            ' ',
            'has space',
            'a..b',
            '.lead',
            'trail.',
            'x'.repeat(201),
            '$where',
          ),
          (d, key) => set(d, { ...(d.get(at) as Record<string, Json>), [key]: 'v' }),
        ),
        breakage(
          'bad value',
          fc.constantFrom<Json>({}, [], { a: 1 }, ['x'], 'x'.repeat(10_001)),
          (d, value) => {
            const map = { ...(d.get(at) as Record<string, Json>) };
            map[Object.keys(map)[0] ?? 'summary.notes'] = value;
            set(d, map);
          },
        ),
        breakage('prototype pollution', fc.constant(null), (d) => {
          const map = { ...(d.get(at) as Record<string, Json>) };
          map[d.raw('__proto__', false)] = d.raw('{"isAdmin":true}', true);
          set(d, map);
        }),
        deep,
      ];
  }
}

/** Breakages of a path parameter, which reaches the server %-encoded in the address. */
export function paramBreakages(name: string, bad: string[] = BAD_IDS): fc.Arbitrary<Breakage>[] {
  const set = (d: Draft, v: string) => (d.params[name] = v);
  const current = (d: Draft) => d.params[name] ?? '';
  return [
    breakage('malformed', fc.constantFrom(...bad.filter((b) => b !== '')), (d, v) =>
      set(d, encodeURIComponent(v)),
    ),
    breakage('too long', fc.integer({ min: 65, max: 400 }), (d, n) => set(d, 'a'.repeat(n))),
    breakage('NUL character', fc.nat(), (d, i) => set(d, insertAt(current(d), '%00', i))),
    breakage(
      'broken escape',
      fc.tuple(fc.constantFrom('%ED%A0%80', '%FF', '%C0%AF', '%E0%A4%A', '%', '%G1'), fc.nat()),
      (d, [e, i]) => {
        const s = current(d);
        const at = s.length ? i % (s.length + 1) : 0;
        // An unfinished escape before hex digits of the id would finish it ('%' + '79' is 'y'):
        // a valid address of no one, not a broken one.
        const piece = /%[0-9A-Fa-f]?$/.test(e) && /^[0-9A-Fa-f]/.test(s.slice(at)) ? `${e}z` : e;
        set(d, s.slice(0, at) + piece + s.slice(at));
      },
    ),
    breakage(
      'path traversal',
      fc.constantFrom('..%2F..%2Fetc%2Fpasswd', '%2E%2E%2F%2E%2E%2F', '..%5C..%5C'),
      set,
    ),
  ];
}

/**
 * Breakages of the query string of a route with a strict query schema. A route whose query is
 * someone else's free-form answer (single sign-on's callback takes whatever the provider sends)
 * is `free`: an unknown key or an unexpected value is its handler's to judge, so only what no
 * query may hold is generated, and values longer than `max`.
 */
export function queryBreakages(
  name: string,
  bad: string[] = BAD_IDS,
  opts: { free?: boolean; max?: number; known?: readonly string[] } = {},
): fc.Arbitrary<Breakage>[] {
  const setValue = (d: Draft, v: string) =>
    (d.query = [...d.query.filter((q) => !q.startsWith(`${name}=`)), `${name}=${v}`]);
  const max = opts.max ?? 64;
  const tooLong = breakage(
    'too long',
    fc.integer({ min: max + 1, max: Math.max(5000, max * 2) }),
    (d, n) => setValue(d, 'a'.repeat(n)),
  );
  const always = [
    breakage('NUL character', fc.constant('%00'), (d, v) => setValue(d, `abcdefgh${v}ijk`)),
    breakage('broken escape', fc.constantFrom('%ED%A0%80', '%FF', '%C0%AF'), (d, v) =>
      setValue(d, `abcdefgh${v}ijk`),
    ),
    breakage('repeated key', fc.constant(null), (d) => d.query.push(d.query[0]!)),
  ];
  // An escape that does not decode arrives as the literal text, which a free value may hold.
  if (opts.free) return [tooLong, always[0]!, always[2]!];
  return [
    breakage('malformed', fc.constantFrom(...bad.filter((b) => b !== '')), (d, v) =>
      setValue(d, encodeURIComponent(v)),
    ),
    tooLong,
    ...always,
    breakage(
      'unknown key',
      fc.constantFrom(
        ...[...HOSTILE_KEYS, 'limit', 'offset'].filter((k) => !(opts.known ?? []).includes(k)),
      ),
      (d, k) => d.query.push(`${k}=1`),
    ),
  ];
}

/**
 * Breakages of a JSON body as a whole. A route that reads no body ignores well-formed JSON of any
 * shape, so it is given only bodies that are broken as JSON or as a request.
 */
export function bodyBreakages(bodyLimit: number, takesBody: boolean): fc.Arbitrary<Breakage>[] {
  const rawBody = (d: Draft, text: string | Buffer) => {
    d.rawBody = Buffer.isBuffer(text) ? text : Buffer.from(text, 'utf8');
  };
  return [
    breakage(
      'bad JSON',
      fc.constantFrom(
        '{',
        '{"a":}',
        "{'a':1}",
        '{"a":1,}',
        '[1,2',
        'NaN',
        'undefined',
        '{"a":undefined}',
        '// a comment\n{}',
        '{} {}',
        '{"a":"\\x41"}',
        '{"a":"line\nbreak"}',
        '\uFEFF{',
      ),
      rawBody,
    ),
    breakage('truncated JSON', fc.double({ min: 0, max: 0.999, noNaN: true }), (d, f) =>
      rawBody(d, d.text().slice(0, Math.floor(d.text().length * f))),
    ),
    breakage('trailing garbage', fc.constantFrom('x', '}', ',{}', '\u0000'), (d, g) =>
      rawBody(d, d.text() + g),
    ),
    breakage(
      'wrong content type',
      fc.constantFrom(
        'text/plain',
        'application/x-www-form-urlencoded',
        'multipart/form-data; boundary=x',
        'application/xml',
        'text/html',
        'application/octet-stream',
        'application/jsonp',
      ),
      (d, type) => {
        rawBody(d, d.text() || '{}');
        d.headers['content-type'] = type;
      },
    ),
    ...(takesBody
      ? [
          breakage(
            'top-level type',
            fc.constantFrom('[]', '"text"', '42', 'null', 'true', '[{}]'),
            rawBody,
          ),
        ]
      : []),
    breakage('empty body', fc.constant(''), rawBody),
    breakage('deep body', nesting, (d, [n, asArray]) =>
      rawBody(d, asArray ? deepArray(n) : deepObject(n)),
    ),
    breakage('body over the limit', fc.integer({ min: 1, max: 64 * 1024 }), (d, extra) => {
      const text = d.text();
      rawBody(d, text + ' '.repeat(Math.max(0, bodyLimit - Buffer.byteLength(text)) + extra));
    }),
  ];
}

/** Breakages of the credentials of a signed-in request. */
export function authBreakages(token: string): fc.Arbitrary<Breakage>[] {
  const flip = (t: string, i: number) => {
    const at = i % t.length;
    return t.slice(0, at) + (t[at] === 'A' ? 'B' : 'A') + t.slice(at + 1);
  };
  return [
    breakage('no credentials', fc.constant(null), (d) => delete d.headers.authorization),
    breakage(
      'bad credentials',
      fc.oneof(
        fc.constantFrom(
          'Bearer',
          'Bearer ',
          'Basic dXNlcjpwYXNzd29yZA==',
          `Token ${token}`,
          `Bearer ${token}x`,
          `Bearer ${token.slice(0, 20)}`,
          `Bearer ${token} ${token}`,
          `Bearer ${'A'.repeat(300)}`,
          `Bearer ${'x'.repeat(8000)}`,
        ),
        fc.nat().map((i) => `Bearer ${flip(token, i)}`),
      ),
      (d, header) => (d.headers.authorization = header),
    ),
  ];
}

/** Methods this path does not answer. */
export function methodBreakages(
  allowed: readonly string[],
  api: boolean,
): fc.Arbitrary<Breakage>[] {
  // Outside /api/ a GET of an unknown page is the app (index.html), so only other methods count.
  const others = ['GET', 'POST', 'PUT', 'DELETE', 'PATCH'].filter(
    (m) => !allowed.includes(m) && (api || m !== 'GET'),
  );
  return others.length
    ? [breakage('wrong method', fc.constantFrom(...others), (d, m) => (d.method = m))]
    : [];
}
