#% image: alpine:3.20
set -eux; apk add --no-cache bash
