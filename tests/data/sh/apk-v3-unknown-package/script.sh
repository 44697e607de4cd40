#% image: alpine:3.23
apk add --no-cache curl tini nosuchpkg
