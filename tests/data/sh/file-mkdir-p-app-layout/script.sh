mkdir -p /app/src/components /app/public /app/logs
mkdir -p /app/src
ls /app
ls -d /app/src/components
