#% image: alpine:3.21
set -eux; 	addgroup -S -g 1000 redis; 	adduser -S -G redis -u 999 redis
