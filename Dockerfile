# One image for the API (which serves the console) and the worker.
FROM node:20-bookworm-slim
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm install --include=dev --no-audit --no-fund
COPY . .
RUN npm run build:admin
ENV NODE_ENV=production KEJIN_DEMO=0
EXPOSE 3000
CMD ["npx", "tsx", "scripts/prod/api.ts"]
