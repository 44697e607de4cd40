#% image: node:20-alpine
#% cwd: /app
echo '{"name": "app", "version": "1.0.0", "dependencies": {"express": "^4.18.2"}}' > package.json
npm install
ls node_modules | wc -l
du -sh node_modules /root/.npm
