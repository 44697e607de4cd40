#% image: node:20-alpine
#% cwd: /app
cd /app&&npm ci;echo done>/tmp/x
