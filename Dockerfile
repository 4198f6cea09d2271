# syntax=docker/dockerfile:1
# incidex in a container: a static binary (musl) alone in an empty image, run as a user
# without rights, in /site.
#   docker build -t incidex .
#   docker run --rm -u "$(id -u):$(id -g)" -v "$PWD:/site" incidex build

# The build: Rust 1.95.0 (rust-toolchain.toml) on Alpine, whose target is musl, which Rust links
# statically by default (no RUSTFLAGS: +crt-static there would reach the proc-macros too). With
# the `raw-html` feature, as the release binaries: the image reads every setting
# (`allow_raw_html: true` included).
FROM rust:1.95.0-alpine AS build
# hadolint ignore=DL3018
RUN apk add --no-cache gcc musl-dev
WORKDIR /src
COPY . .
RUN --mount=type=cache,target=/usr/local/cargo/registry \
    --mount=type=cache,target=/src/target \
    cargo build --profile dist --locked --features raw-html && cp target/dist/incidex /incidex

# The image: the binary and nothing else (no shell, no libc). Time zones are compiled in.
FROM scratch
COPY --from=build /incidex /usr/local/bin/incidex
# A user id of no account: `docker run -u` gives the owner of the mounted folder instead.
USER 65532:65532
WORKDIR /site
ENTRYPOINT ["/usr/local/bin/incidex"]
CMD ["--help"]
