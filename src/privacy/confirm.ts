import { UserError } from '../errors.ts';

/** A confirm button works this long after it was shown. */
export const CONFIRM_TTL_MS = 10 * 60 * 1000;

/** Discord ids are snowflakes: 17 to 20 digits. */
const SNOWFLAKE = /^\d{17,20}$/;

export function isSnowflake(id: string): boolean {
  return SNOWFLAKE.test(id) && BigInt(id) < 2n ** 64n;
}

/** Checks an id typed by an admin, with a message that says what is wanted. */
export function parseUserId(raw: string): string {
  const id = raw.trim().replace(/^<@!?(\d+)>$/, '$1');
  if (!isSnowflake(id)) throw new UserError('member.user-id');
  return id;
}

/**
 * An erasure waiting for its button: whose data (`target`), who may press (`actor`), until when.
 * Everything travels in the custom id, `privacy:erase:<target>:<actor>:<expires>` (base 36, seconds),
 * so nothing is kept between the command and the press and a restart loses nothing.
 */
export interface PendingErase {
  target: string;
  actor: string;
  /** Epoch milliseconds, kept to the second. */
  expires: number;
}

const b36 = (n: bigint | number) => n.toString(36);

export function encodeEraseId(p: PendingErase): string {
  return `privacy:erase:${b36(BigInt(p.target))}:${b36(BigInt(p.actor))}:${b36(Math.floor(p.expires / 1000))}`;
}

export function encodeCancelId(actor: string): string {
  return `privacy:cancel:${b36(BigInt(actor))}`;
}

function fromBase36(text: string): bigint {
  let n = 0n;
  for (const ch of text) n = n * 36n + BigInt(parseInt(ch, 36));
  return n;
}

export type PrivacyButton = { action: 'erase'; pending: PendingErase } | { action: 'cancel'; actor: string };

/** Null when the custom id is not one of ours or was tampered with. */
export function decodePrivacyId(customId: string): PrivacyButton | null {
  let m = /^privacy:erase:([0-9a-z]{1,13}):([0-9a-z]{1,13}):([0-9a-z]{1,8})$/.exec(customId);
  if (m) {
    const target = fromBase36(m[1]!).toString();
    const actor = fromBase36(m[2]!).toString();
    if (!isSnowflake(target) || !isSnowflake(actor)) return null;
    return { action: 'erase', pending: { target, actor, expires: Number(fromBase36(m[3]!)) * 1000 } };
  }
  m = /^privacy:cancel:([0-9a-z]{1,13})$/.exec(customId);
  if (m) {
    const actor = fromBase36(m[1]!).toString();
    return isSnowflake(actor) ? { action: 'cancel', actor } : null;
  }
  return null;
}
