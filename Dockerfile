# The membership-card server for a chain, built from source by `cargo xtask dist`
# (the site inside one stripped binary) and run on Debian slim, with PostgreSQL's
# client programs for `server backup` / `server restore` (pg_dump, pg_restore).
# compose.yaml runs it beside PostgreSQL.

FROM rust:1.95-bookworm AS build
RUN apt-get update \
    && apt-get install -y --no-install-recommends nodejs npm binutils \
    && rm -rf /var/lib/apt/lists/*
WORKDIR /src
COPY . .
RUN cargo xtask dist

FROM debian:bookworm-slim
# postgresql-client 15 (Debian 12): its pg_dump matches compose.yaml's postgres:15.
RUN apt-get update \
    && apt-get install -y --no-install-recommends postgresql-client curl ca-certificates \
    && rm -rf /var/lib/apt/lists/* \
    && useradd --system --create-home --home-dir /srv/membership membership \
    && mkdir -p /srv/membership/data /srv/membership/backups \
    && chown -R membership:membership /srv/membership
COPY --from=build /src/dist/membership-server /usr/local/bin/membership-server
USER membership
WORKDIR /srv/membership
ENV LISTEN_ADDR=0.0.0.0:3000 \
    DATABASE_URL=sqlite:/srv/membership/data/membership.db \
    BACKUP_DIR=/srv/membership/backups \
    LOG_FORMAT=json
EXPOSE 3000
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s \
    CMD curl -fsS http://127.0.0.1:3000/healthz || exit 1
CMD ["membership-server"]
