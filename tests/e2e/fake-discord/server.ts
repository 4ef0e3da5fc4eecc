import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { EventEmitter, once } from 'node:events';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';
import { checkChoices, checkMessage } from './limits.ts';
import {
  channelPayload,
  guildCreatePayload,
  interactionBase,
  memberPayload,
  messagePayload,
  shardOf,
  snowflake,
  userPayload,
  type FakeChannelSpec,
  type FakeGuildSpec,
  type FakeUser,
  type StoredMessage,
} from './payloads.ts';

// biome-ignore lint/suspicious/noExplicitAny: the fake reads whatever JSON discord.js sends; typing every payload would only restate discord-api-types.
type Json = Record<string, any>;
/** Sends the HTTP answer; handlers `return respond(...)` to answer and stop in one step. */
type Respond = (status: number, data?: unknown) => undefined;

export interface FakeDiscordOptions {
  guilds: FakeGuildSpec[];
  /** Discord answers an interaction acknowledged later than this with 404 Unknown interaction; 0 disables. */
  ackTimeoutMs?: number;
  /**
   * How long a message nonce sent with enforce_nonce is remembered ("the past few minutes" in
   * Discord's docs, which give no figure); 5 minutes unless set.
   */
  nonceWindowMs?: number;
  /** The shard count GET /gateway/bot recommends (Discord: one per 1,000 servers, at least 1); 1 unless set. */
  shards?: number;
  /** session_start_limit.max_concurrency: shards that may identify per 5 s (1 for most bots, 16+ for large ones). */
  maxConcurrency?: number;
}

/** One identified gateway connection and the shard it asked for. */
interface Session {
  ws: WebSocket;
  shard: [id: number, count: number];
  seq: number;
}

/**
 * A REST failure the fake injects: requests matching `method` and `path` (after /api/v10) get
 * `status` with Discord's JSON error body instead of being handled, `times` times (Infinity until
 * cleared). Each 5xx counts once per HTTP request, and discord.js retries a 5xx 3 times itself.
 */
export interface FaultSpec {
  method?: string;
  path: RegExp;
  status: number;
  code?: number;
  message?: string;
  times?: number;
}

export interface Fault {
  /** Requests this fault answered so far. */
  readonly hits: number;
  clear(): void;
}

/** One POST /channels/:id/messages the fake handled, and what became of it. */
export interface MessageCreate {
  channelId: string;
  nonce: string | undefined;
  enforceNonce: boolean;
  /** created: a new message; replayed: the nonce's first message returned; gone: that message was deleted. */
  outcome: 'created' | 'replayed' | 'gone';
  messageId: string;
  at: number;
}

export interface Registration {
  scope: 'global' | string;
  commands: Json[];
  at: number;
}

export interface SentPayload {
  route: string;
  body: Json;
  problems: string[];
}

/** One thing the bot did in answer to an interaction. */
export interface InteractionEvent {
  kind: 'callback' | 'edit' | 'followup' | 'delete';
  /** Callbacks: 4 reply, 5 deferred reply, 6 deferred update, 7 update, 8 autocomplete, 9 modal. */
  callbackType?: number;
  body: Json;
  messageId?: string | undefined;
  at: number;
}

/** What the person sees first: a reply, an edit after a defer, an updated message, choices or a modal. */
export interface Answer {
  kind: 'reply' | 'update' | 'edit' | 'followup' | 'autocomplete' | 'modal';
  ephemeral: boolean;
  content: string;
  embeds: Json[];
  components: Json[];
  choices: Json[];
  modal?: Json;
  /** The message now on screen, for clicking its buttons. */
  message?: StoredMessage;
  interaction: FakeInteraction;
}

export class FakeInteraction {
  readonly events: InteractionEvent[] = [];
  /** When the gateway sent it (Discord's 3 s start then); creation time until then. */
  dispatchedAt = Date.now();
  /** The shard whose session the gateway sent it on, once sent. */
  shardId: number | undefined;
  acked = false;
  ackMs: number | undefined;
  deferredFlags = 0;
  originalMessageId: string | undefined;
  private readonly emitter = new EventEmitter();

  constructor(
    readonly id: string,
    readonly token: string,
    readonly type: number,
    readonly channelId: string,
    /** Buttons and modals from a message: the message clicked. */
    readonly sourceMessageId?: string,
  ) {}

  record(e: InteractionEvent): void {
    this.events.push(e);
    this.emitter.emit('event', e);
  }

  /** The first event from `from` on that matches, waiting for it if needed. */
  async waitFor(match: (e: InteractionEvent) => boolean, from = 0, timeoutMs = 20_000): Promise<InteractionEvent> {
    const found = this.events.slice(from).find(match);
    if (found) return found;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.emitter.off('event', listen);
        reject(
          new Error(
            `interaction ${this.id}: no matching answer within ${timeoutMs} ms; got ${JSON.stringify(this.events.map((e) => [e.kind, e.callbackType]))}`,
          ),
        );
      }, timeoutMs);
      const listen = (e: InteractionEvent) => {
        if (!match(e)) return;
        clearTimeout(timer);
        this.emitter.off('event', listen);
        resolve(e);
      };
      this.emitter.on('event', listen);
    });
  }
}

const VISIBLE_CALLBACKS = new Set([4, 7, 8, 9]);

/**
 * A small Discord on loopback for end-to-end tests: the REST routes discord.js and the bot use, and
 * a gateway that identifies the bot, sends READY and the guilds, and dispatches interactions shaped
 * as Discord shapes them. It records what the bot sent and checks it against Discord's limits.
 */
export class FakeDiscord {
  readonly token: string;
  readonly applicationId = snowflake();
  readonly bot = { id: this.applicationId, username: 'Riposte' };
  readonly registrations: Registration[] = [];
  readonly sent: SentPayload[] = [];
  readonly identifies: { intents: number; token: string; shard: [number, number] }[] = [];
  readonly requests: { method: string; path: string }[] = [];
  readonly messages = new Map<string, StoredMessage>();
  readonly interactions = new Map<string, FakeInteraction>();
  url = '';
  private commandsByScope = new Map<string, Json[]>();
  private server: Server;
  private wss: WebSocketServer;
  /** Identified sessions, oldest first; a guild's events go to the newest session of its shard. */
  private sessions: Session[] = [];
  private readonly emitter = new EventEmitter();
  private readonly guilds: FakeGuildSpec[];
  private readonly ackTimeoutMs: number;
  private readonly recommendedShards: number;
  private readonly maxConcurrency: number;
  private readonly nonceWindowMs: number;
  /** nonce → the message it created and when (Discord keys on author and nonce; the bot is the only author here). */
  private readonly nonces = new Map<string, { messageId: string; at: number }>();
  private faults: (FaultSpec & { hits: number; remaining: number })[] = [];
  /** Channels whose next message creates are accepted (stored) but never answered. */
  private readonly holds = new Map<string, number>();
  private readonly held: ServerResponse[] = [];
  /** Message creates in channels, in order, with their nonce and outcome. */
  readonly messageCreates: MessageCreate[] = [];

  constructor(opts: FakeDiscordOptions) {
    this.guilds = opts.guilds;
    this.ackTimeoutMs = opts.ackTimeoutMs ?? 3000;
    this.nonceWindowMs = opts.nonceWindowMs ?? 5 * 60_000;
    this.recommendedShards = opts.shards ?? 1;
    this.maxConcurrency = opts.maxConcurrency ?? 1;
    this.token = `${Buffer.from(this.applicationId).toString('base64url')}.fake.${snowflake()}`;
    this.server = createServer((req, res) => {
      this.handle(req, res).catch((err: unknown) => {
        res.writeHead(500, { 'content-type': 'application/json' }).end(JSON.stringify({ message: String(err), code: 0 }));
      });
    });
    this.wss = new WebSocketServer({ server: this.server });
    this.wss.on('connection', (ws) => this.onSocket(ws));
  }

  async listen(): Promise<this> {
    this.server.listen(0, '127.0.0.1');
    await once(this.server, 'listening');
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this;
  }

  /** What DISCORD_API_URL should be: discord.js adds /v10 itself. */
  get apiUrl(): string {
    return `${this.url}/api`;
  }

  async close(): Promise<void> {
    for (const res of this.held.splice(0)) res.destroy();
    for (const ws of this.wss.clients) ws.terminate();
    this.wss.close();
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  // ---- gateway ----

  private send(ws: WebSocket, payload: Json): void {
    ws.send(JSON.stringify(payload));
  }

  private onSocket(ws: WebSocket): void {
    this.send(ws, { op: 10, d: { heartbeat_interval: 41_250 }, s: null, t: null });
    ws.on('message', (raw) => {
      const msg = JSON.parse(String(raw)) as Json;
      if (msg.op === 1) this.send(ws, { op: 11, d: null, s: null, t: null });
      else if (msg.op === 2) this.identify(ws, msg.d);
      else if (msg.op === 6) this.send(ws, { op: 9, d: false, s: null, t: null });
    });
    ws.on('close', () => {
      this.sessions = this.sessions.filter((x) => x.ws !== ws);
    });
  }

  /**
   * IDENTIFY, as Discord answers it: `shard: [id, count]` (absent: [0, 1]) picks the guilds this
   * session gets, those with (guild_id >> 22) % count === id, in READY and as GUILD_CREATEs; an id
   * not below the count is closed with 4010 Invalid shard.
   */
  private identify(ws: WebSocket, d: Json): void {
    const raw: unknown = d.shard ?? [0, 1];
    const shard = (Array.isArray(raw) ? raw : []) as [number, number];
    this.identifies.push({ intents: d.intents, token: d.token, shard });
    if (d.token !== this.token) {
      ws.close(4004, 'Authentication failed.');
      return;
    }
    const [id, count] = shard;
    if (!(Number.isInteger(id) && Number.isInteger(count) && id >= 0 && count >= 1 && id < count)) {
      ws.close(4010, 'Invalid shard.');
      return;
    }
    const session: Session = { ws, shard: [id, count], seq: 0 };
    const mine = this.guilds.filter((g) => shardOf(g.id, count) === id);
    this.send(ws, {
      op: 0,
      t: 'READY',
      s: ++session.seq,
      d: {
        v: 10,
        user: { ...userPayload({ ...this.bot, bot: true }), verified: true, mfa_enabled: false, flags: 0 },
        guilds: mine.map((g) => ({ id: g.id, unavailable: true })),
        session_id: snowflake(),
        resume_gateway_url: this.url.replace('http', 'ws'),
        shard: [id, count],
        application: { id: this.applicationId, flags: 0 },
      },
    });
    for (const g of mine) this.send(ws, { op: 0, t: 'GUILD_CREATE', s: ++session.seq, d: guildCreatePayload(g, this.bot) });
    this.sessions.push(session);
    this.emitter.emit('identified');
  }

  /** The session a guild's events go to: the newest one whose shard holds the guild. */
  private sessionFor(guildId: string): Session | undefined {
    return this.sessions.findLast((x) => shardOf(guildId, x.shard[1]) === x.shard[0]);
  }

  /** Waits until the guild's shard has an identified session. */
  private async sessionReady(guildId: string, timeoutMs = 60_000): Promise<Session> {
    const signal = AbortSignal.timeout(timeoutMs);
    for (let s = this.sessionFor(guildId); ; s = this.sessionFor(guildId)) {
      if (s) return s;
      await once(this.emitter, 'identified', { signal });
    }
  }

  /** Resolves once every guild's shard has a connected session (one session, unsharded). */
  async connected(timeoutMs = 60_000): Promise<void> {
    const until = Date.now() + timeoutMs;
    for (const g of this.guilds) await this.sessionReady(g.id, Math.max(1, until - Date.now()));
  }

  /** The shards with a session now, as [id, count], oldest session first. */
  get connectedShards(): [number, number][] {
    return this.sessions.map((x) => [...x.shard]);
  }

  private async dispatch(guildId: string, d: Json, i: FakeInteraction): Promise<void> {
    const session = await this.sessionReady(guildId);
    i.shardId = session.shard[0];
    i.dispatchedAt = Date.now();
    this.send(session.ws, { op: 0, t: 'INTERACTION_CREATE', s: ++session.seq, d });
  }

  // ---- REST ----

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', this.url);
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const text = Buffer.concat(chunks).toString('utf8');
    const body = text && (req.headers['content-type'] ?? '').includes('json') ? (JSON.parse(text) as Json) : {};
    const method = req.method ?? 'GET';
    const path = url.pathname.replace(/^\/api\/v10/, '');
    this.requests.push({ method, path });
    const reply: Respond = (status, data) => {
      if (status === 204 || data === undefined) res.writeHead(status).end();
      else res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(data));
    };
    const authed = req.headers.authorization === `Bot ${this.token}`;

    const callback = /^\/interactions\/(\d+)\/([^/]+)\/callback$/.exec(path);
    if (callback && method === 'POST') {
      return this.callback(callback[1]!, callback[2]!, body, url.searchParams.get('with_response') === 'true', reply);
    }
    const webhook = /^\/webhooks\/(\d+)\/([^/]+)(?:\/messages\/([^/]+))?$/.exec(path);
    if (webhook) {
      // discord.js encodes the @ of @original.
      return this.webhook(method, webhook[2]!, webhook[3] === undefined ? undefined : decodeURIComponent(webhook[3]), body, reply);
    }
    if (!authed) return reply(401, { message: '401: Unauthorized', code: 0 });
    const fault = this.faults.find((f) => f.remaining > 0 && (!f.method || f.method === method) && f.path.test(path));
    if (fault) {
      fault.remaining--;
      fault.hits++;
      return reply(fault.status, { message: fault.message ?? `${fault.status}: injected by the fake`, code: fault.code ?? 0 });
    }
    if (path === '/gateway/bot' && method === 'GET') {
      return reply(200, {
        url: this.url.replace('http', 'ws'),
        shards: this.recommendedShards,
        session_start_limit: { total: 1000, remaining: 999, reset_after: 0, max_concurrency: this.maxConcurrency },
      });
    }
    if (path === '/applications/@me' && method === 'GET') {
      return reply(200, {
        id: this.applicationId,
        name: 'Riposte',
        flags: 0,
        bot_public: true,
        bot_require_code_grant: false,
        verify_key: 'x',
        description: '',
        icon: null,
        team: null,
      });
    }
    const commands = /^\/applications\/(\d+)(?:\/guilds\/(\d+))?\/commands$/.exec(path);
    if (commands) {
      const guildId = commands[2];
      const scope = guildId ?? 'global';
      if (method === 'PUT') {
        const cmds = (body as unknown as Json[]).map((c) => ({
          ...c,
          id: snowflake(),
          application_id: this.applicationId,
          version: snowflake(),
          ...(guildId ? { guild_id: guildId } : {}),
        }));
        this.commandsByScope.set(scope, cmds);
        this.registrations.push({ scope, commands: cmds, at: Date.now() });
        return reply(200, cmds);
      }
      if (method === 'GET') return reply(200, this.commandsByScope.get(scope) ?? []);
    }
    const channel = /^\/channels\/(\d+)$/.exec(path);
    if (channel && method === 'GET') {
      const found = this.findChannel(channel[1]!);
      return found ? reply(200, channelPayload(found.guild.id, found.channel, 0)) : reply(404, { message: 'Unknown Channel', code: 10003 });
    }
    const message = /^\/channels\/(\d+)\/messages(?:\/(\d+))?$/.exec(path);
    if (message) {
      return this.channelMessage(method, message[1]!, message[2], body, reply, res);
    }
    const member = /^\/guilds\/(\d+)\/members\/(\d+)$/.exec(path);
    if (member && method === 'GET') {
      if (member[2] === this.bot.id)
        return reply(200, {
          ...memberPayload({ id: this.bot.id, username: this.bot.username }),
          roles: [(BigInt(member[1]!) + 1n).toString()],
        });
      return reply(404, { message: 'Unknown Member', code: 10007 });
    }
    return reply(404, { message: `fake Discord has no route ${method} ${path}`, code: 0 });
  }

  private findChannel(id: string): { guild: FakeGuildSpec; channel: FakeChannelSpec } | undefined {
    for (const guild of this.guilds) {
      const channel = guild.channels.find((c) => c.id === id);
      if (channel) return { guild, channel };
    }
    return undefined;
  }

  private record(route: string, body: Json, creating: boolean): string[] {
    const problems = checkMessage(body, { creating });
    this.sent.push({ route, body, problems });
    return problems;
  }

  private store(channelId: string, body: Json, flags: number, interactionId?: string): StoredMessage {
    const msg: StoredMessage = {
      id: snowflake(),
      channel_id: channelId,
      content: body.content ?? '',
      embeds: body.embeds ?? [],
      components: body.components ?? [],
      flags,
      interactionId,
    };
    this.messages.set(msg.id, msg);
    return msg;
  }

  private applyEdit(msg: StoredMessage, body: Json): void {
    if ('content' in body) msg.content = body.content ?? '';
    if ('embeds' in body) msg.embeds = body.embeds ?? [];
    if ('components' in body) msg.components = body.components ?? [];
  }

  private callback(id: string, token: string, body: Json, withResponse: boolean, reply: Respond): undefined {
    const i = this.interactions.get(id);
    if (!i || i.token !== token) return reply(404, { message: 'Unknown interaction', code: 10062 });
    if (i.acked) return reply(400, { message: 'Interaction has already been acknowledged.', code: 40060 });
    const late = Date.now() - i.dispatchedAt;
    if (this.ackTimeoutMs > 0 && late > this.ackTimeoutMs) return reply(404, { message: 'Unknown interaction', code: 10062 });
    const type = body.type as number;
    const data = (body.data ?? {}) as Json;
    if (type === 4 || type === 7) {
      const problems = this.record(`callback ${type}`, data, type === 4);
      if (problems.length > 0) return reply(400, { message: `Invalid Form Body: ${problems.join('; ')}`, code: 50035 });
    }
    if (type === 8) {
      const problems = checkChoices(data.choices);
      this.sent.push({ route: 'callback 8', body: data, problems });
      if (problems.length > 0) return reply(400, { message: `Invalid Form Body: ${problems.join('; ')}`, code: 50035 });
    }
    i.acked = true;
    i.ackMs = late;
    let messageId: string | undefined;
    if (type === 4) {
      messageId = this.store(i.channelId, data, data.flags ?? 0, i.id).id;
      i.originalMessageId = messageId;
    } else if (type === 5) {
      i.deferredFlags = data.flags ?? 0;
      messageId = this.store(i.channelId, { content: '' }, i.deferredFlags, i.id).id;
      i.originalMessageId = messageId;
    } else if (type === 6 || type === 7) {
      messageId = i.sourceMessageId;
      i.originalMessageId = messageId;
      const source = messageId ? this.messages.get(messageId) : undefined;
      if (type === 7 && source) this.applyEdit(source, data);
    }
    i.record({ kind: 'callback', callbackType: type, body: data, messageId, at: Date.now() });
    if (!withResponse) return reply(204);
    const message = messageId ? this.messages.get(messageId) : undefined;
    return reply(200, {
      interaction: {
        id: i.id,
        type: i.type,
        response_message_id: messageId,
        response_message_loading: type === 5,
        response_message_ephemeral: Boolean((message?.flags ?? 0) & 64),
      },
      resource: { type, ...(message ? { message: messagePayload(message, this.bot) } : {}) },
    });
  }

  private webhook(method: string, token: string, target: string | undefined, body: Json, reply: Respond): undefined {
    const i = [...this.interactions.values()].find((x) => x.token === token);
    if (!i?.acked) return reply(404, { message: 'Unknown Webhook', code: 10015 });
    const messageId = target === '@original' ? i.originalMessageId : target;
    if (method === 'POST' && !target) {
      const problems = this.record('followup', body, true);
      if (problems.length > 0) return reply(400, { message: `Invalid Form Body: ${problems.join('; ')}`, code: 50035 });
      const msg = this.store(i.channelId, body, body.flags ?? 0, i.id);
      i.record({ kind: 'followup', body, messageId: msg.id, at: Date.now() });
      return reply(200, messagePayload(msg, this.bot));
    }
    const msg = messageId ? this.messages.get(messageId) : undefined;
    if (!msg || msg.deleted) return reply(404, { message: 'Unknown Message', code: 10008 });
    if (method === 'GET') return reply(200, messagePayload(msg, this.bot));
    if (method === 'PATCH') {
      const problems = this.record('edit', body, false);
      if (problems.length > 0) return reply(400, { message: `Invalid Form Body: ${problems.join('; ')}`, code: 50035 });
      this.applyEdit(msg, body);
      i.record({ kind: 'edit', body, messageId: msg.id, at: Date.now() });
      return reply(200, messagePayload(msg, this.bot));
    }
    if (method === 'DELETE') {
      msg.deleted = true;
      i.record({ kind: 'delete', body: {}, messageId: msg.id, at: Date.now() });
      return reply(204);
    }
    return reply(405, { message: '405: Method Not Allowed', code: 0 });
  }

  private channelMessage(
    method: string,
    channelId: string,
    messageId: string | undefined,
    body: Json,
    reply: Respond,
    res: ServerResponse,
  ): undefined {
    const found = this.findChannel(channelId);
    if (!found) return reply(404, { message: 'Unknown Channel', code: 10003 });
    if (found.channel.botCanPost === false && method !== 'GET') return reply(403, { message: 'Missing Permissions', code: 50013 });
    if (method === 'POST' && !messageId) {
      const nonce = body.nonce === undefined || body.nonce === null ? undefined : String(body.nonce);
      const enforceNonce = body.enforce_nonce === true;
      if (nonce !== undefined && nonce.length > 25) {
        return reply(400, { message: 'Invalid Form Body: nonce must be 25 or fewer in length', code: 50035 });
      }
      if (enforceNonce && nonce === undefined)
        return reply(400, { message: 'Invalid Form Body: enforce_nonce needs a nonce', code: 50035 });
      // enforce_nonce, as Discord documents it: a create with a nonce the same author used within the
      // window returns that first message and creates nothing (no new message, no event); if that
      // message was deleted since, Discord answers Unknown Message rather than posting it again.
      const previous = nonce === undefined ? undefined : this.nonces.get(nonce);
      if (enforceNonce && previous && Date.now() - previous.at <= this.nonceWindowMs) {
        const first = this.messages.get(previous.messageId)!;
        const gone = Boolean(first.deleted);
        this.messageCreates.push({
          channelId,
          nonce,
          enforceNonce,
          outcome: gone ? 'gone' : 'replayed',
          messageId: first.id,
          at: Date.now(),
        });
        return gone ? reply(404, { message: 'Unknown Message', code: 10008 }) : reply(200, messagePayload(first, this.bot));
      }
      const problems = this.record(`post #${channelId}`, body, true);
      if (problems.length > 0) return reply(400, { message: `Invalid Form Body: ${problems.join('; ')}`, code: 50035 });
      const msg = this.store(channelId, body, 0);
      if (nonce !== undefined) this.nonces.set(nonce, { messageId: msg.id, at: Date.now() });
      this.messageCreates.push({ channelId, nonce, enforceNonce, outcome: 'created', messageId: msg.id, at: Date.now() });
      this.emitter.emit('post', msg);
      const holds = this.holds.get(channelId) ?? 0;
      if (holds > 0) {
        // Taken, but the answer never leaves: what the bot sees when it dies (or the line drops)
        // after Discord accepted the message and before it could record that.
        this.holds.set(channelId, holds - 1);
        this.held.push(res);
        return undefined;
      }
      return reply(200, messagePayload(msg, this.bot));
    }
    const msg = messageId ? this.messages.get(messageId) : undefined;
    if (!msg || msg.channel_id !== channelId || msg.deleted) return reply(404, { message: 'Unknown Message', code: 10008 });
    if (method === 'PATCH') {
      const problems = this.record(`edit #${channelId}`, body, false);
      if (problems.length > 0) return reply(400, { message: `Invalid Form Body: ${problems.join('; ')}`, code: 50035 });
      this.applyEdit(msg, body);
      this.emitter.emit('edit', msg);
      return reply(200, messagePayload(msg, this.bot));
    }
    if (method === 'GET') return reply(200, messagePayload(msg, this.bot));
    if (method === 'DELETE') {
      msg.deleted = true;
      return reply(204);
    }
    return reply(405, { message: '405: Method Not Allowed', code: 0 });
  }

  // ---- what tests call ----

  /** Answers matching requests with an error until cleared or used `times` times (see FaultSpec). */
  fail(spec: FaultSpec): Fault {
    const f = { ...spec, hits: 0, remaining: spec.times ?? Number.POSITIVE_INFINITY };
    this.faults.push(f);
    return {
      get hits() {
        return f.hits;
      },
      clear: () => {
        this.faults = this.faults.filter((x) => x !== f);
      },
    };
  }

  /** The route of message creates in a channel, for `fail`. */
  static postsIn(channelId: string): RegExp {
    return new RegExp(`^/channels/${channelId}/messages$`);
  }

  /** The next `times` message creates in the channel are stored (and seen) but never answered. */
  holdAnswers(channelId: string, times = 1): void {
    this.holds.set(channelId, (this.holds.get(channelId) ?? 0) + times);
  }

  /** Grants or takes away the bot's Send Messages in a channel (posts and edits answer 403 Missing Permissions). */
  setBotCanPost(channelId: string, can: boolean): void {
    const found = this.findChannel(channelId);
    if (!found) throw new Error(`fake Discord has no channel ${channelId}`);
    found.channel.botCanPost = can;
  }

  /** Every problem the fake found in what the bot sent (limits, mentions, empty messages). */
  get violations(): { route: string; problems: string[] }[] {
    return this.sent.filter((s) => s.problems.length > 0).map(({ route, problems }) => ({ route, problems }));
  }

  /** The commands registered for a server (falling back to the global ones, as Discord shows them). */
  registeredCommands(guildId?: string): Json[] {
    return [...(guildId ? (this.commandsByScope.get(guildId) ?? []) : []), ...(this.commandsByScope.get('global') ?? [])];
  }

  /** Messages the bot posted in a channel outside interactions (daily quotes, drill prompts). */
  channelMessages(channelId: string): StoredMessage[] {
    return [...this.messages.values()].filter((m) => m.channel_id === channelId && !m.interactionId && !m.deleted);
  }

  /** The next message the bot posts in a channel from now on. */
  nextChannelMessage(channelId: string, timeoutMs = 20_000): Promise<StoredMessage> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.emitter.off('post', listen);
        reject(new Error(`no message in channel ${channelId} within ${timeoutMs} ms`));
      }, timeoutMs);
      const listen = (m: StoredMessage) => {
        if (m.channel_id !== channelId) return;
        clearTimeout(timer);
        this.emitter.off('post', listen);
        resolve(m);
      };
      this.emitter.on('post', listen);
    });
  }

  private place(guildId: string, channelId: string): FakeChannelSpec {
    const guild = this.guilds.find((g) => g.id === guildId);
    const channel = guild?.channels.find((c) => c.id === channelId);
    if (!channel) throw new Error(`fake Discord has no channel ${channelId} in guild ${guildId}`);
    return channel;
  }

  private start(type: number, guildId: string, channelId: string, user: FakeUser, extra: Json, sourceMessageId?: string): FakeInteraction {
    const channel = this.place(guildId, channelId);
    const i = new FakeInteraction(snowflake(), `tok_${snowflake()}`, type, channelId, sourceMessageId);
    this.interactions.set(i.id, i);
    const payload = {
      ...interactionBase({ id: i.id, token: i.token, applicationId: this.applicationId, type, guildId, channel, user }),
      ...extra,
    };
    void this.dispatch(guildId, payload, i);
    return i;
  }

  /** Builds the option tree as Discord would, typed from the definition the bot registered. */
  private commandData(guildId: string, name: string, subcommand: string | undefined, options: Json, focused?: string): Json {
    const def = this.registeredCommands(guildId).find((c) => c.name === name);
    if (!def) throw new Error(`/${name} is not registered with the fake Discord`);
    let defs: Json[] = def.options ?? [];
    let wrap = (opts: Json[]): Json[] => opts;
    // 'schedule set' is the subcommand set in the group schedule (option type 2).
    const [groupName, subName] = subcommand?.includes(' ') ? subcommand.split(' ') : [undefined, subcommand];
    if (groupName) {
      const group = defs.find((o) => o.type === 2 && o.name === groupName);
      if (!group) throw new Error(`/${name} has no subcommand group ${groupName}`);
      defs = group.options ?? [];
    }
    if (subName) {
      const sub = defs.find((o) => o.type === 1 && o.name === subName);
      if (!sub) throw new Error(`/${name} has no subcommand ${subcommand}`);
      defs = sub.options ?? [];
      wrap = groupName
        ? (opts) => [{ type: 2, name: groupName, options: [{ type: 1, name: subName, options: opts }] }]
        : (opts) => [{ type: 1, name: subName, options: opts }];
    }
    const opts = Object.entries(options).map(([key, value]) => {
      const d = defs.find((o) => o.name === key);
      if (!d) throw new Error(`/${name} ${subcommand ?? ''} has no option ${key}`);
      return { type: d.type, name: key, value: key === focused ? String(value) : value, ...(key === focused ? { focused: true } : {}) };
    });
    return { id: def.id, name, type: 1, ...(def.guild_id ? { guild_id: def.guild_id } : {}), options: wrap(opts) };
  }

  async answer(i: FakeInteraction): Promise<Answer> {
    const e = await i.waitFor(
      (x) => (x.kind === 'callback' && VISIBLE_CALLBACKS.has(x.callbackType!)) || x.kind === 'edit' || x.kind === 'followup',
    );
    const msg = e.messageId ? this.messages.get(e.messageId) : undefined;
    const kind: Answer['kind'] =
      e.kind === 'callback'
        ? ({ 4: 'reply', 7: 'update', 8: 'autocomplete', 9: 'modal' } as const)[e.callbackType as 4 | 7 | 8 | 9]
        : e.kind === 'edit'
          ? 'edit'
          : 'followup';
    return {
      kind,
      ephemeral: Boolean((msg?.flags ?? 0) & 64),
      content: msg?.content ?? '',
      embeds: msg?.embeds ?? [],
      components: msg?.components ?? [],
      choices: kind === 'autocomplete' ? (e.body.choices ?? []) : [],
      ...(kind === 'modal' ? { modal: e.body } : {}),
      ...(msg ? { message: msg } : {}),
      interaction: i,
    };
  }

  /** Runs a slash command and resolves with what the person first sees. */
  async command(opts: {
    guildId: string;
    channelId: string;
    user: FakeUser;
    name: string;
    subcommand?: string;
    options?: Json;
  }): Promise<Answer> {
    const data = this.commandData(opts.guildId, opts.name, opts.subcommand, opts.options ?? {});
    return this.answer(this.start(2, opts.guildId, opts.channelId, opts.user, { data }));
  }

  /** Types into an autocomplete option and resolves with the choices offered. */
  async autocomplete(opts: {
    guildId: string;
    channelId: string;
    user: FakeUser;
    name: string;
    subcommand?: string;
    options: Json;
    focused: string;
  }): Promise<Json[]> {
    const data = this.commandData(opts.guildId, opts.name, opts.subcommand, opts.options, opts.focused);
    return (await this.answer(this.start(4, opts.guildId, opts.channelId, opts.user, { data }))).choices;
  }

  /** Clicks a button (or picks `values` in a select menu) on a message the bot sent. */
  async click(opts: { message: StoredMessage; customId: string; user: FakeUser; guildId: string; values?: string[] }): Promise<Answer> {
    const current = this.messages.get(opts.message.id);
    if (!current || current.deleted) throw new Error('that message is gone');
    const component = current.components.flatMap((r) => (r.components as Json[]) ?? []).find((c) => c.custom_id === opts.customId);
    if (!component) throw new Error(`no component ${opts.customId} on message ${current.id}`);
    if (component.disabled) throw new Error(`component ${opts.customId} is disabled`);
    const data =
      component.type === 3
        ? { custom_id: opts.customId, component_type: 3, values: opts.values ?? [] }
        : { custom_id: opts.customId, component_type: 2 };
    const i = this.start(3, opts.guildId, current.channel_id, opts.user, { data, message: messagePayload(current, this.bot) }, current.id);
    return this.answer(i);
  }

  /** Submits a modal the bot showed. */
  async submitModal(opts: {
    guildId: string;
    channelId: string;
    user: FakeUser;
    customId: string;
    fields: Record<string, string>;
    message?: StoredMessage;
  }): Promise<Answer> {
    const data = {
      custom_id: opts.customId,
      components: Object.entries(opts.fields).map(([id, value]) => ({ type: 1, components: [{ type: 4, custom_id: id, value }] })),
    };
    const extra = { data, ...(opts.message ? { message: messagePayload(opts.message, this.bot) } : {}) };
    return this.answer(this.start(5, opts.guildId, opts.channelId, opts.user, extra, opts.message?.id));
  }

  /** The next thing the bot does for an interaction after the events already seen (a follow-up, an edit). */
  async next(i: FakeInteraction, from: number): Promise<InteractionEvent> {
    return i.waitFor(() => true, from);
  }
}

export async function startFakeDiscord(opts: FakeDiscordOptions): Promise<FakeDiscord> {
  return new FakeDiscord(opts).listen();
}
