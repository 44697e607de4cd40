#% image: debian:bookworm-slim
#% env: TZ=Europe/Paris
apt-get update && apt-get install -y --no-install-recommends tzdata && ln -snf /usr/share/zoneinfo/$TZ /etc/localtime && echo $TZ > /etc/timezone && rm -rf /var/lib/apt/lists/*
