#% image: node:20-alpine
#% cwd: /app
echo '{"name": "app", "version": "1.0.0", "dependencies": {"express": "^4.18.2"}}' > package.json
npm ci
