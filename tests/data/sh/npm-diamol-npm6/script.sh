#% image: diamol/node:latest
#% cwd: /src
echo '{"name": "access-log", "version": "1.0.0", "dependencies": {"cors": "^2.8.5"}}' > package.json
npm install
