import { randomBytes } from 'node:crypto';
import type { AppContext } from '../context.ts';
import { UserError } from '../errors.ts';
import { type Rewordings, type Wording, wordError } from '../render/errors.ts';
import { discordWording } from '../render/format.ts';
import { errorCode } from '../startup-error.ts';
import { asDatabaseUnavailable, DatabaseUnavailableError } from './errors.ts';
import { normalizeRequest } from './normalize.ts';
import type { Command, Handler, Request, Responder } from './types.ts';

export interface RouterOptions {
  /** Acknowledge on the handler's behalf when it has not answered by then (Discord allows 3 s). */
  autoDeferMs?: number;
  /** Called once per interaction with its outcome, for metrics. */
  observe?: (event: { kind: Request['kind']; command: string; outcome: Outcome; seconds: number }) => void;
  /** How this edge words a UserError (Discord's timestamps and mentions unless told otherwise). */
  wording?: { wording: Wording; rewordings?: Rewordings };
}

export type Outcome = 'ok' | 'user_error' | 'db_unavailable' | 'error';

export interface Router {
  /** Runs one interaction to its end; never throws. */
  dispatch(req: Request, res: Responder): Promise<void>;
  /** Resolves when every interaction already dispatched has finished (or after timeoutMs). */
  drain(timeoutMs?: number): Promise<void>;
  readonly commands: ReadonlyMap<string, Command>;
}

export const GENERIC_ERROR = 'Something went wrong on our side. If it keeps happening, tell the server admins this error id:';

export function newErrorId(): string {
  return randomBytes(4).toString('hex');
}

/** The custom id's first part names the command that owns a button or modal. */
export function ownerOf(customId: string | undefined): string {
  return (customId ?? '').split(':', 1)[0] ?? '';
}

/**
 * The one place interactions enter the app and the one error boundary. A UserError is worded for
 * this edge and shown ephemerally; anything else is logged with an error id and the person sees only that id.
 */
export function createRouter(list: readonly Command[], ctx: AppContext, opts: RouterOptions = {}): Router {
  const commands = new Map<string, Command>();
  for (const c of list) {
    if (commands.has(c.data.name)) throw new Error(`Two commands are named /${c.data.name}`);
    commands.set(c.data.name, c);
  }
  const autoDeferMs = opts.autoDeferMs ?? 2000;
  const wording = opts.wording ?? { wording: discordWording };
  const inFlight = new Set<Promise<void>>();

  function pick(req: Request): { command: string; handler: Handler | undefined } {
    if (req.kind === 'button' || req.kind === 'modal') {
      const name = ownerOf(req.customId);
      const c = commands.get(name);
      return { command: name, handler: req.kind === 'button' ? c?.button : c?.modal };
    }
    const c = commands.get(req.commandName);
    return { command: req.commandName, handler: req.kind === 'autocomplete' ? c?.autocomplete : c?.execute };
  }

  async function run(raw: Request, res: Responder): Promise<void> {
    const started = performance.now();
    let req = raw;
    const { command, handler } = pick(req);
    const fields = { command, kind: req.kind, guildId: req.guildId, userId: req.user.id };
    let outcome: Outcome = 'ok';
    let timer: NodeJS.Timeout | undefined;
    if (req.kind !== 'autocomplete' && autoDeferMs > 0) {
      timer = setTimeout(() => {
        if (res.answered) return;
        ctx.log.warn(fields, 'handler slow; deferring on its behalf');
        res
          .defer(req.kind === 'button' ? { update: true } : {})
          .catch((err: unknown) => ctx.log.warn({ ...fields, err }, 'auto-defer failed'));
      }, autoDeferMs);
    }
    try {
      // Every outside string is cleaned here, once; an overlong one is refused before any work.
      req = normalizeRequest(raw);
      if (!handler) {
        throw req.kind === 'button' || req.kind === 'modal'
          ? new UserError('interaction.stale-component')
          : new UserError('interaction.unknown-command', { command: req.commandName });
      }
      await handler(req, res, ctx);
      if (!res.answered && req.kind !== 'autocomplete') {
        ctx.log.warn(fields, 'handler returned without answering');
        await res.reply({ content: 'Done.', ephemeral: true });
      }
    } catch (err) {
      const unavailable = asDatabaseUnavailable(err);
      outcome = err instanceof UserError ? 'user_error' : unavailable ? 'db_unavailable' : 'error';
      await answerError(req, res, unavailable ?? err, fields);
    } finally {
      if (timer) clearTimeout(timer);
      const seconds = (performance.now() - started) / 1000;
      ctx.log.debug({ ...fields, outcome, ms: Math.round(seconds * 1000) }, 'interaction');
      opts.observe?.({ kind: req.kind, command: handler ? command : 'unknown', outcome, seconds });
    }
  }

  async function answerError(req: Request, res: Responder, err: unknown, fields: Record<string, unknown>): Promise<void> {
    let content: string;
    if (err instanceof UserError) {
      content = wordError(err, wording.wording, wording.rewordings);
      ctx.log.debug({ ...fields, code: err.code, problem: err.message }, 'user error');
    } else if (err instanceof DatabaseUnavailableError) {
      content = err.message;
      // Only the code: a wrapped driver error's message carries the query and its parameters.
      ctx.log.warn({ ...fields, code: errorCode(err.cause) }, 'database unreachable; told the member to try again');
    } else {
      const errorId = newErrorId();
      ctx.log.error({ ...fields, errorId, err }, 'interaction failed');
      content = `${GENERIC_ERROR} \`${errorId}\``;
    }
    try {
      if (req.kind === 'autocomplete') {
        if (!res.answered) await res.autocomplete([]);
      } else if (res.answered) {
        await res.followUp({ content, ephemeral: true });
      } else {
        await res.reply({ content, ephemeral: true });
      }
    } catch (sendErr) {
      ctx.log.warn({ ...fields, err: sendErr }, 'could not tell the user about an error');
    }
  }

  return {
    commands,
    dispatch(req, res) {
      const p = run(req, res).catch((err: unknown) => ctx.log.error({ err }, 'router failure'));
      inFlight.add(p);
      void p.finally(() => inFlight.delete(p));
      return p;
    },
    async drain(timeoutMs = 10_000) {
      if (inFlight.size === 0) return;
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([
        Promise.allSettled([...inFlight]),
        new Promise<void>((resolve) => {
          timer = setTimeout(resolve, timeoutMs);
        }),
      ]);
      if (timer) clearTimeout(timer);
    },
  };
}
