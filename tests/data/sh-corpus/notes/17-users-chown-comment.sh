#% image: debian:bookworm-slim
groupadd -r app && useradd -r -g app -d /app app; mkdir -p /app && chown -R app:app /app # give the app user its home
