# Approach 4, the floor: only COPY the binaries that bare `go build` commands made beforehand (one
# program's /app, or blobd3's three binaries under their own names).
FROM scratch
ARG TARGETOS TARGETARCH TARGETVARIANT
COPY bin/${TARGETOS}-${TARGETARCH}${TARGETVARIANT}/ /
ENTRYPOINT ["/app"]
