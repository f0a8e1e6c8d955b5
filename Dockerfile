# One image for the API (which serves the console) and the worker.
FROM node:20-bookworm-slim
WORKDIR /app
ENV NODE_ENV=production KEJIN_DEMO=0
COPY package.json package-lock.json ./
RUN npm install --no-audit --no-fund
COPY . .
RUN if [ -f admin/vite.config.ts ]; then npm run build:admin; fi
EXPOSE 3000
CMD ["npx", "tsx", "scripts/api.ts"]
