#% image: node:20-alpine
node --version && npm --version
node -e 'console.log(1)'
