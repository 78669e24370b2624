# llmgateway image: the gateway, its CLI, and (same image, other command) the llama.cpp model server.
FROM python:3.11-slim-bookworm AS build
RUN apt-get update && apt-get install -y --no-install-recommends build-essential cmake git \
    && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY pyproject.toml README.md ./
COPY src ./src
# Point TORCH_INDEX_URL at a CPU-only wheel index to keep the image small; torch is installed first.
ARG TORCH_INDEX_URL=""
# llama.cpp for a portable x86-64 target, not -march=native (see the Makefile: AMX hosts crash).
ENV CMAKE_ARGS="-DGGML_NATIVE=OFF -DGGML_AVX=ON -DGGML_AVX2=ON -DGGML_FMA=ON -DGGML_F16C=ON"
RUN python -m venv /opt/venv \
    && /opt/venv/bin/pip install --no-cache-dir torch==2.13.0 ${TORCH_INDEX_URL:+--index-url $TORCH_INDEX_URL} \
    && /opt/venv/bin/pip install --no-cache-dir .

FROM python:3.11-slim-bookworm
RUN apt-get update && apt-get install -y --no-install-recommends libgomp1 curl \
    && rm -rf /var/lib/apt/lists/* && useradd --create-home --uid 10001 gateway
COPY --from=build /opt/venv /opt/venv
WORKDIR /srv/llmgateway
COPY gateway.yaml ./
COPY deploy ./deploy
COPY prompts ./prompts
COPY policies ./policies
COPY eval_sets ./eval_sets
COPY examples ./examples
RUN mkdir -p data && chown -R gateway /srv/llmgateway
USER gateway
ENV PATH=/opt/venv/bin:$PATH \
    LITELLM_LOCAL_MODEL_COST_MAP=True RAGAS_DO_NOT_TRACK=true HF_HUB_OFFLINE=1 ANONYMIZED_TELEMETRY=False
EXPOSE 8000
HEALTHCHECK --interval=10s --timeout=3s CMD curl -fsS http://127.0.0.1:8000/healthz || exit 1
CMD ["llmgateway", "serve", "--config", "deploy/gateway.compose.yaml", "--host", "0.0.0.0", "--port", "8000"]
