#% image: node:22-alpine
#% cwd: /app
echo '{"name": "app", "version": "1.0.0", "dependencies": {"lodash": "^4.17.21"}}' > package.json
yarn install --frozen-lockfile
yarn install
