#% image: alpine:3.21
#% env: GOSU_VERSION=1.17
#% env: REDIS_VERSION=7.4.2
#% env: REDIS_DOWNLOAD_URL=http://download.redis.io/releases/redis-7.4.2.tar.gz
#% env: REDIS_DOWNLOAD_SHA=4ddebbf09061cbb589011786febdb34f29767dd7f89dbe712d2b68e808af6a1f
mkdir /data && chown redis:redis /data
