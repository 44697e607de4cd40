#% image: node:20-alpine
npm install -g nodemon
