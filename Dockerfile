# The companion as a container: `docker build -t aloware-sync-companion .` (see docs/operations.md).
# Stage 1 compiles TypeScript with the full dependency tree; stage 2 resolves production dependencies only;
# the final image has neither the sources nor the dev tools, and runs as the unprivileged `node` user.
ARG NODE_IMAGE=node:20-bookworm-slim

FROM ${NODE_IMAGE} AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund --ignore-scripts
COPY tsconfig.json tsconfig.build.json ./
COPY companion/src companion/src
RUN npm run build

FROM ${NODE_IMAGE} AS prod-deps
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund --ignore-scripts && npm cache clean --force

FROM ${NODE_IMAGE}
ENV NODE_ENV=production PORT=3000
WORKDIR /app
COPY --from=prod-deps --chown=root:root /app/node_modules node_modules
COPY --from=build --chown=root:root /app/dist dist
COPY package.json ./
USER node
EXPOSE 3000
# node is PID 1 and handles SIGTERM/SIGINT itself (bounded graceful stop, exit 0); it starts no child processes,
# so there is nothing to reap. `docker stop` waits 10 s by default: keep SHUTDOWN_TIMEOUT_SECONDS at or below it.
STOPSIGNAL SIGTERM
HEALTHCHECK --interval=15s --timeout=3s --start-period=20s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:'+(process.env.PORT||3000)+'/healthz').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
ENTRYPOINT ["node", "--enable-source-maps", "dist/companion/src/server.js"]
CMD ["--role", "all"]
