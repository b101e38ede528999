# Approach 2, "the Dockerfile most users write": compile inside a golang stage of each target
# platform, which for a foreign platform runs the Go toolchain under QEMU emulation.
ARG GOLANG_IMAGE
FROM ${GOLANG_IMAGE} AS build
WORKDIR /src
COPY go.mod go.sum ./
RUN go mod download
COPY . .
ARG MAIN
RUN CGO_ENABLED=0 go build -trimpath -ldflags="-s -w" -o /out/app ${MAIN}

FROM scratch
COPY --from=build /etc/ssl/certs/ca-certificates.crt /etc/ssl/certs/
COPY --from=build /out/app /app
USER 65534:65534
ENTRYPOINT ["/app"]
