# One image for every strategy: `docker run authlab serve <strategy>`.
FROM node:20-bookworm-slim
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund
COPY tsconfig.json ./
COPY bin bin
COPY servers servers
COPY loadtests loadtests
ENV HOST=0.0.0.0 NODE_ENV=production
USER node
ENTRYPOINT ["node", "bin/authlab.js"]
CMD ["--help"]
