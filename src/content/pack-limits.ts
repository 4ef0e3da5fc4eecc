import { Composer, type Document, Lexer, LineCounter, Parser, parseDocument } from 'yaml';

/**
 * What a pack file may be. A pack comes from outside (a club's own file, a download), so every
 * bound is checked before the cost it guards is paid: the size before the file is read, the
 * encoding before the text is parsed, the nesting and the token count while it is parsed (the
 * yaml package's document costs a few hundred bytes per token: 10 MB of `- a` lines took 3.6 GB),
 * the aliases while it is turned into data.
 *
 * The shipped pack is 93 KB, 12,000 tokens, nested 13 deep: these limits leave it 25 times the room, and
 * keep the worst file within them (all tokens, no text) to some 100 MB while it is parsed.
 */
export const PACK_LIMITS = {
  /** Bytes on disk; checked with the file's size, and again while reading (a file may grow, or be a device). */
  maxBytes: 4 * 1024 * 1024,
  /** YAML tokens (keys, values, punctuation, line breaks): what bounds the parser's memory. */
  maxTokens: 300_000,
  /** Collections inside collections: 64 allows some 30 levels of counter-rebuttals. */
  maxDepth: 64,
  /** The yaml package's alias budget (uses of an alias times the aliases inside what it names): stops "billion laughs". */
  maxAliasCount: 100,
} as const;

export type PackLimits = typeof PACK_LIMITS;

const mb = (bytes: number) => `${(bytes / (1024 * 1024)).toFixed(1)} MB`;

/** One reason a file's bytes are not a pack's text, with the line and column of the bad byte when there is one. */
export interface EncodingProblem {
  message: string;
  line?: number;
  col?: number;
}

export const tooLarge = (bytes: number | undefined, limits: PackLimits = PACK_LIMITS): string =>
  `${bytes === undefined ? 'is larger than' : `is ${mb(bytes)}, more than`} the ${mb(limits.maxBytes)} a pack file may be; split it into several packs`;

/** Line and column (1-based, in characters) of the end of `text`, as if the next character came there. */
function endPosition(text: string): { line: number; col: number } {
  const lines = text.split('\n');
  return { line: lines.length, col: (lines.at(-1) ?? '').length + 1 };
}

/**
 * The text of a pack file's bytes: UTF-8 (a UTF-8 byte order mark is dropped), or an encoding problem
 * that says what the file looks like instead: UTF-16 or UTF-32 (with or without a byte order mark),
 * Latin-1 or Windows-1252, or binary.
 */
export function decodePackBytes(bytes: Uint8Array): { text: string } | { problem: EncodingProblem } {
  const save = 'save it as UTF-8';
  if ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff)) {
    const utf32 = bytes[0] === 0xff && bytes[2] === 0 && bytes[3] === 0;
    return { problem: { message: `is ${utf32 ? 'UTF-32' : 'UTF-16'} text (it starts with a byte order mark); ${save}` } };
  }
  if (bytes[0] === 0 && bytes[1] === 0 && bytes[2] === 0xfe && bytes[3] === 0xff) {
    return { problem: { message: `is UTF-32 text (it starts with a byte order mark); ${save}` } };
  }
  const nul = bytes.indexOf(0);
  if (nul !== -1) {
    // ASCII in UTF-16 puts a zero byte beside every character: a file that is mostly zeros on one side is that.
    let zerosOnOneSide = 0;
    const sample = Math.min(bytes.length, 4096) & ~1;
    for (let i = 0; i < sample; i += 2) if ((bytes[i] === 0) !== (bytes[i + 1] === 0)) zerosOnOneSide++;
    const looksUtf16 = sample > 0 && zerosOnOneSide >= (sample / 2) * 0.9;
    return {
      problem: looksUtf16
        ? { message: `looks like UTF-16 text without a byte order mark (every other byte is zero); ${save}` }
        : { message: `holds a zero byte at byte ${nul + 1}: this is a binary file, not a pack` },
    };
  }
  const decoder = new TextDecoder('utf-8', { fatal: true });
  try {
    const text = decoder.decode(bytes);
    // YAML forbids the other C0 controls too; naming the first is clearer than the parser's "unexpected character".
    const at = firstControl(text);
    if (at !== -1) {
      const code = text.charCodeAt(at).toString(16).toUpperCase().padStart(4, '0');
      return { problem: { message: `holds the control character U+${code}: is this a binary file?`, ...endPosition(text.slice(0, at)) } };
    }
    return { text };
  } catch {
    const at = firstBadByte(bytes);
    const valid = new TextDecoder('utf-8').decode(bytes.subarray(0, at));
    const byte = bytes[at]?.toString(16).toUpperCase().padStart(2, '0') ?? '??';
    return {
      problem: {
        message: `is not UTF-8 text (byte 0x${byte} is not valid here: Latin-1 or Windows-1252?); ${save}`,
        ...endPosition(valid),
      },
    };
  }
}

/** The index of the first C0 control other than tab, line feed and carriage return, or DEL; -1 when none. */
function firstControl(text: string): number {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if ((c < 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0d) || c === 0x7f) return i;
  }
  return -1;
}

/** The offset of the first byte a fatal UTF-8 decoder refuses (only called on a file it refused). */
function firstBadByte(bytes: Uint8Array): number {
  const decoder = new TextDecoder('utf-8', { fatal: true });
  let start = 0;
  for (let i = 0; i < bytes.length; i++) {
    try {
      decoder.decode(bytes.subarray(i, i + 1), { stream: true });
      // A character complete: the next one starts after it.
      if ((bytes[i]! & 0xc0) !== 0x80) start = i;
    } catch {
      // A bad continuation byte is reported where its character began.
      return (bytes[i]! & 0xc0) === 0x80 ? i : start;
    }
  }
  return start;
}

/** A bound the text went past while it was parsed; the offset is where. */
class LimitError extends Error {
  constructor(
    message: string,
    readonly offset: number,
  ) {
    super(message);
  }
}

export interface ParsedYaml {
  doc: Document.Parsed;
  lineCounter: LineCounter;
}

export type ParseResult = ({ ok: true } & ParsedYaml) | { ok: false; message: string; line: number; col: number };

/**
 * Parses YAML like `parseDocument(text, { lineCounter, prettyErrors, uniqueKeys })`, counting tokens and
 * nesting as the parser goes and stopping at the first limit passed, before the document is built.
 * One pass: the lexer and parser are driven here (the yaml package's documented way to bring a lexer)
 * and their tokens composed as they come.
 */
export function parsePackYaml(text: string, limits: PackLimits = PACK_LIMITS): ParseResult {
  const lineCounter = new LineCounter();
  const parser = new Parser(lineCounter.addNewLine);
  // Parser.parse() marks the first line's start itself; driving next() by hand, that is ours to do.
  lineCounter.addNewLine(0);
  function* guarded() {
    let tokens = 0;
    for (const lexeme of new Lexer().lex(text, false)) {
      if (++tokens > limits.maxTokens) {
        throw new LimitError(
          `has more than ${limits.maxTokens.toLocaleString('en')} YAML tokens (keys, values, punctuation), more than a pack may hold; split it into several packs`,
          parser.offset,
        );
      }
      yield* parser.next(lexeme);
      // The parser's stack is the path from the document to the node being read.
      if (parser.stack.length > limits.maxDepth) {
        throw new LimitError(
          `is nested more than ${limits.maxDepth} levels deep (lists and maps inside each other); a pack never needs that`,
          parser.offset,
        );
      }
    }
    yield* parser.end();
  }
  let doc: Document.Parsed | undefined;
  let docs = 0;
  try {
    for (const d of new Composer({ uniqueKeys: true }).compose(guarded(), true, text.length)) {
      docs++;
      doc ??= d;
    }
  } catch (err) {
    if (!(err instanceof LimitError)) throw err;
    // Counted here, not with the line counter: the parser reports some line breaks only at the next token.
    return { ok: false, message: err.message, ...endPosition(text.slice(0, err.offset)) };
  }
  if (doc && docs === 1 && doc.errors.length === 0) return { ok: true, doc, lineCounter };
  // Errors are rare and within the limits now: parse again for the yaml package's own wording, with excerpts.
  const again = new LineCounter();
  return { ok: true, doc: parseDocument(text, { lineCounter: again, prettyErrors: true, uniqueKeys: true }), lineCounter: again };
}

/**
 * The document as plain data, with the alias budget: an alias bomb is refused here with a message
 * instead of the yaml package's ReferenceError.
 */
export function packData(
  doc: Document.Parsed,
  limits: PackLimits = PACK_LIMITS,
): { ok: true; data: unknown } | { ok: false; message: string } {
  try {
    return { ok: true, data: doc.toJS({ maxAliasCount: limits.maxAliasCount }) };
  } catch (err) {
    if (err instanceof ReferenceError && /alias/i.test(err.message)) {
      return {
        ok: false,
        message: `uses YAML aliases (*name) more than a pack may (the budget is ${limits.maxAliasCount} expansions): a file that repeats what an alias names this much is an "alias bomb"; write the values out`,
      };
    }
    throw err;
  }
}
