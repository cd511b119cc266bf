# Production-like image: API and SPA on one origin. The database is external (DATABASE_URL).
FROM node:20-bookworm-slim
WORKDIR /app
COPY package.json package-lock.json ./
COPY shared/package.json shared/
COPY api/package.json api/
COPY web/package.json web/
COPY scripts scripts
COPY prisma prisma
# All dependencies: the install's own step (Prisma client, server bundle) and the web build need the
# development ones (tsx, vite); NODE_ENV=production before `npm ci` would leave them out.
RUN npm ci --no-audit --no-fund
ENV NODE_ENV=production
COPY . .
RUN npm run build
RUN useradd --system --uid 10001 portal && mkdir -p /app/.data && chown -R portal /app/.data
USER portal
EXPOSE 3000
HEALTHCHECK --interval=10s --timeout=3s --retries=5 CMD node -e "fetch('http://127.0.0.1:3000/api/v1/health').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"
CMD ["npm", "start"]
