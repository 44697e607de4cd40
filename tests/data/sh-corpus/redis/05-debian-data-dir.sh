#% image: debian:bookworm-slim
#% env: GOSU_VERSION=1.17
#% env: REDIS_VERSION=7.4.3
#% env: REDIS_DOWNLOAD_URL=http://download.redis.io/releases/redis-7.4.3.tar.gz
#% env: REDIS_DOWNLOAD_SHA=e1807d7c0f824f4c5450244ef50c1e596b8d09b35d03a83f4e018fb7316acf45
mkdir /data && chown redis:redis /data
