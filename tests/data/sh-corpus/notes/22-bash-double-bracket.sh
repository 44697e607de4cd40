#% image: debian:bookworm-slim
#% env: X=1
[[ -n "$X" ]] && echo bash-only
