#% image: node:24
#% cwd: /app
npm install
