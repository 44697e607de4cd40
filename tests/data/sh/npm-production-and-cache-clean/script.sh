#% image: node:20-alpine
#% cwd: /app
echo '{"name": "web", "version": "2.0.0", "dependencies": {"react": "^18.2.0", "react-dom": "^18.2.0"}, "devDependencies": {"nodemon": "^3.0.0"}}' > package.json
npm install --omit=dev && npm cache clean --force
cd node_modules/nodemon 2>/dev/null || echo "no nodemon in production"
