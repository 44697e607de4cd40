#% image: debian:bookworm-slim
set -eux; 	groupadd -r -g 999 redis; 	useradd -r -g redis -u 999 redis
