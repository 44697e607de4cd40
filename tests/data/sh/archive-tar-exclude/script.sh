#% cwd: /app
echo 'console.log(1)' > index.js
echo 'debug' > debug.log
tar --exclude='*.log' -czf /tmp/app.tgz -C /app .
tar -tzf /tmp/app.tgz
