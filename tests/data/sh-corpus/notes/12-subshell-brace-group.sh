#% image: debian:bookworm-slim
(cd /src && make) ; { echo a; echo b; }
