# Approach 4, the floor: only COPY the binaries that bare `go build` commands made beforehand.
FROM scratch
ARG TARGETOS TARGETARCH TARGETVARIANT
COPY bin/${TARGETOS}-${TARGETARCH}${TARGETVARIANT}/app /app
ENTRYPOINT ["/app"]
