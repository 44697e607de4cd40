#% image: node:22-alpine
#% cwd: /app
npm install nosuchpkg-xyz
