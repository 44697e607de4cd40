#% image: debian:bookworm-slim
FOO=bar env | sort 2>/dev/null >> /tmp/out && grep ^FOO= /tmp/out
