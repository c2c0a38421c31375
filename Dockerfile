# syntax=docker/dockerfile:1
# The Parley relay image. The build stage builds the packages (TypeScript, bundles) and assembles the deployable tree with
# `npm run release` (scripts/release.mjs, run by tests/release on every `npm test`); the runtime stage holds only
# that tree and Node.js. Build from the repository's root:
#
#   docker build -t parley-relay .
#   docker run -d -p 8787:8787 -v parley-data:/data parley-relay
#
# Production guide: docs/deploy.md.
#
# Node.js 24 on Debian 13 (trixie) for both stages: the pinned uWebSockets.js binary for Node.js 24 needs glibc 2.38+,
# which Debian 12 (bookworm, glibc 2.36) lacks. Every native module ships prebuilt binaries (uWebSockets.js,
# better-sqlite3, sharp, argon2, koffi), so the build stage needs no compiler. For Node.js 22 instead:
# `--build-arg NODE_IMAGE=node:22-trixie-slim` (or node:22-bookworm-slim: Node.js 22 needs glibc 2.34, for better-sqlite3).

ARG NODE_IMAGE=node:24-trixie-slim

FROM ${NODE_IMAGE} AS build
# The npm this repository is tested with: it honours package.json `allowScripts` (only esbuild runs an install script).
RUN npm install -g npm@11.19.1 --no-audit --no-fund
WORKDIR /src
# Manifests first, so that the dependency layer is rebuilt only when they change.
COPY package.json package-lock.json ./
COPY packages/protocol/package.json packages/protocol/
COPY packages/sdk/package.json packages/sdk/
COPY packages/widget/package.json packages/widget/
COPY packages/relay/package.json packages/relay/
COPY bench/package.json bench/
RUN npm ci --no-audit --no-fund
COPY . .
RUN npm run release

FROM ${NODE_IMAGE} AS runtime
ENV NODE_ENV=production \
    PARLEY_DATA_DIR=/data \
    PARLEY_HOST=0.0.0.0 \
    PARLEY_PORT=8787
# A user of its own; the code belongs to root and is read-only to it, the data volume is its.
RUN groupadd --system --gid 10001 parley \
  && useradd --system --uid 10001 --gid parley --home-dir /data --no-create-home --shell /usr/sbin/nologin parley \
  && mkdir -p /data \
  && chown parley:parley /data \
  && chmod 0700 /data
COPY --from=build /src/release/parley /opt/parley
WORKDIR /opt/parley
USER parley:parley
VOLUME ["/data"]
EXPOSE 8787
# node's fetch, so the image needs no curl. It fails until the relay listens, and /healthz answers 503 once it stops.
HEALTHCHECK --interval=15s --timeout=5s --start-period=20s --retries=3 \
  CMD ["node", "-e", "fetch(`http://127.0.0.1:${process.env.PARLEY_PORT||8787}/healthz`).then((r)=>process.exit(r.ok?0:1),()=>process.exit(1))"]
# Exec form: node is PID 1 and receives SIGTERM itself. The relay handles it (stops accepting, acknowledges what
# it stored, closes sockets with 1001, commits and exits 0); Docker's default 10 s grace is enough for that.
STOPSIGNAL SIGTERM
ENTRYPOINT ["node", "/opt/parley/bin/parley-relay.js"]
CMD ["start"]
