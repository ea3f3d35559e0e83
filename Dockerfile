# vigil in a container. To see the host rather than the container, mount the host's /proc,
# /sys and / read-only and point vigil at them (docker-compose.yml does).
FROM node:20-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json tsconfig.json ./
COPY src ./src
COPY schema ./schema
RUN npm ci --no-audit --no-fund && npm prune --omit=dev

FROM node:20-bookworm-slim
WORKDIR /app
COPY --from=build /app/package.json ./
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY --from=build /app/schema ./schema
USER node
EXPOSE 9469
ENTRYPOINT ["node", "--max-semi-space-size=2", "--heap-growing-percent=50", "--no-allocation-site-pretenuring", "dist/cli.js"]
CMD ["serve"]
