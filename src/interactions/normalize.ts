import { UserError } from '../errors.ts';
import type { OptionValue, Request } from './types.ts';

/**
 * Text from outside (options, autocomplete input, modal fields, custom ids, display names) is made
 * safe here, once, before any command sees it: PostgreSQL refuses U+0000 in text, lone surrogates are
 * not valid UTF-8 for it either, and runs of invisible characters only serve to hide text.
 */

/** Longest text Discord sends in a string option (6,000) or a modal field (4,000); anything longer is forged. */
export const MAX_OPTION_CHARS = 6000;
export const MAX_FIELD_CHARS = 4000;
const MAX_NAME_CHARS = 100;

// C0 controls other than tab, newline and carriage return, and DEL: NUL breaks PostgreSQL, the rest
// break terminals and Discord's rendering and carry no meaning in a debate answer.
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is this pattern's purpose.
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/g;
// Zero-width space, non-joiner, joiner, word joiner, BOM. One is kept (a joiner inside an emoji is real).
const ZERO_WIDTH_RUN = /([\u200B-\u200D\u2060\uFEFF])[\u200B-\u200D\u2060\uFEFF]+/g;
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** The text with forbidden characters removed, lone surrogates replaced by U+FFFD, zero-width runs collapsed, NFC. */
export function normalizeText(text: string): string {
  return text.replace(LONE_SURROGATE, '\uFFFD').replace(CONTROL, '').replace(ZERO_WIDTH_RUN, '$1').normalize('NFC');
}

/** The text normalised, or `tooLong` with its length when it is longer than `max`. */
function bounded(text: string, max: number, tooLong: (length: number) => UserError): string {
  const clean = normalizeText(text);
  if (clean.length > max) throw tooLong(clean.length);
  return clean;
}

/**
 * The request with every outside string normalised. Throws a UserError for a value longer than
 * Discord itself allows, before anything is read or written. Autocomplete input is cut instead,
 * since an autocomplete answer cannot show a message.
 */
export function normalizeRequest(req: Request): Request {
  const options: Record<string, OptionValue> = {};
  for (const [name, value] of Object.entries(req.options)) {
    options[normalizeText(name)] =
      typeof value === 'string'
        ? bounded(
            value,
            req.kind === 'autocomplete' ? Infinity : MAX_OPTION_CHARS,
            (length) => new UserError('interaction.option-too-long', { option: normalizeText(name), length, max: MAX_OPTION_CHARS }),
          )
        : value;
  }
  if (req.kind === 'autocomplete') {
    for (const [name, value] of Object.entries(options)) if (typeof value === 'string') options[name] = value.slice(0, MAX_OPTION_CHARS);
  }
  let fields: Record<string, string> | undefined;
  if (req.fields) {
    fields = {};
    for (const [id, value] of Object.entries(req.fields))
      fields[normalizeText(id)] = bounded(
        value,
        MAX_FIELD_CHARS,
        (length) => new UserError('interaction.field-too-long', { length, max: MAX_FIELD_CHARS }),
      );
  }
  return {
    ...req,
    options,
    ...(req.focused
      ? { focused: { name: normalizeText(req.focused.name), value: normalizeText(req.focused.value).slice(0, MAX_OPTION_CHARS) } }
      : {}),
    ...(req.customId !== undefined ? { customId: normalizeText(req.customId) } : {}),
    ...(fields ? { fields } : {}),
    user: { ...req.user, displayName: normalizeText(req.user.displayName).slice(0, MAX_NAME_CHARS) },
  };
}
