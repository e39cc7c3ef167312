# One image for the API, the worker and the migration step (see docker-compose.yml).
FROM node:20-bookworm-slim
WORKDIR /app
# better-sqlite3 compiles its native module when no prebuilt binary can be fetched.
RUN apt-get update && apt-get install -y --no-install-recommends python3 make g++ && rm -rf /var/lib/apt/lists/*
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY . .
RUN npm run db:generate
ENV NODE_ENV=production DATA_DIR=/data HOST=0.0.0.0
VOLUME /data
CMD ["node", "--import", "tsx", "src/bin/api.ts"]
