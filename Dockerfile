# Mock Interviewer: multi-stage Debian 12 image.
#   docker build -t mock-interviewer .
#   docker run -p 8080:8080 -v mi-data:/var/lib/mock-interviewer/data mock-interviewer
# The build stage installs exactly what scripts/install-deps.sh installs (the same list the
# Makefile and CI use); the runtime stage carries only the shared libraries the binary links.

FROM debian:bookworm AS build
WORKDIR /src
COPY scripts/install-deps.sh scripts/install-deps.sh
RUN scripts/install-deps.sh && rm -rf /var/lib/apt/lists/*
COPY . .
RUN cmake -S . -B /build -G Ninja -DCMAKE_BUILD_TYPE=Release -DBUILD_TESTING=OFF \
    && cmake --build /build --target mock-interviewer -j"$(nproc)" \
    && strip /build/mock-interviewer

FROM debian:bookworm-slim AS runtime
# Shared libraries of the binary: SQLite, libpq (the PostgreSQL backend), OpenSSL (libcrypto),
# spdlog and its fmt, libstemmer, yaml-cpp (the API task's OpenAPI documents), zstd and zlib (stored events). curl only for the
# HEALTHCHECK.
RUN apt-get update \
    && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends \
       libsqlite3-0 zlib1g libzstd1 libpq5 libssl3 libspdlog1.10 libfmt9 libstemmer0d libyaml-cpp0.7 curl ca-certificates \
    && rm -rf /var/lib/apt/lists/*
RUN useradd --system --uid 10001 --user-group --home-dir /var/lib/mock-interviewer --shell /usr/sbin/nologin mi \
    && mkdir -p /var/lib/mock-interviewer/data \
    && chown -R mi:mi /var/lib/mock-interviewer

COPY --from=build /build/mock-interviewer /usr/local/bin/mock-interviewer
COPY content/roles /opt/mock-interviewer/content/roles
# The practical tasks that run: the slow-query pack (its queries and the dataset's seed).
COPY content/tasks /opt/mock-interviewer/content/tasks
COPY web /opt/mock-interviewer/web

# Inside a container the server must listen on every interface to be reachable through -p.
ENV MI_HOST=0.0.0.0 \
    MI_PORT=8080 \
    MI_DB=/var/lib/mock-interviewer/data/mock-interviewer.db \
    MI_CONTENT_DIR=/opt/mock-interviewer/content \
    MI_WEB_DIR=/opt/mock-interviewer/web
VOLUME ["/var/lib/mock-interviewer/data"]
USER mi
WORKDIR /var/lib/mock-interviewer
EXPOSE 8080
HEALTHCHECK --interval=30s --timeout=3s --start-period=10s --retries=3 \
    CMD curl -fsS "http://127.0.0.1:${MI_PORT}/healthz" >/dev/null || exit 1
# SIGTERM (docker stop) shuts the server down gracefully: clients get close 1001, exit code 0.
STOPSIGNAL SIGTERM
ENTRYPOINT ["mock-interviewer"]
CMD ["serve"]
