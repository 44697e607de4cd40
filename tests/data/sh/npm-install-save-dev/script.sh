#% image: node:22-alpine
#% cwd: /app
npm init -y >/dev/null
npm install --save-dev typescript
npm install lodash
