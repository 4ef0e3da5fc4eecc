# syntax=docker/dockerfile:1
# Riposte: TypeScript run by tsx (a runtime dependency), so there is no build step beyond installing
# the production dependencies.

FROM node:22-bookworm-slim AS deps
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund && npm cache clean --force

FROM node:22-bookworm-slim
ENV NODE_ENV=production \
    DATA_DIR=/app/data \
    METRICS_PORT=9464
WORKDIR /app
COPY --from=deps /app/node_modules ./node_modules
COPY package.json tsconfig.json ./
COPY src ./src
COPY commands ./commands
COPY migrations ./migrations
COPY packs ./packs
# The code stays root-owned and read-only to the process; only DATA_DIR (PGlite, when no
# DATABASE_URL is set) is the node user's.
RUN mkdir -p /app/data && chown node:node /app/data
USER node
EXPOSE 9464
# Liveness only: a database outage is not fixed by restarting the bot (/readyz reports it).
HEALTHCHECK --interval=30s --timeout=5s --start-period=90s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.METRICS_PORT || 9464) + '/healthz').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
# node itself is PID 1 (no npm or shell in between), so SIGTERM reaches Riposte's own handler,
# which stops within 10 s.
STOPSIGNAL SIGTERM
CMD ["node", "--import", "tsx", "src/main.ts"]
