#% cwd: /app
echo hi > a.txt
echo there > b.txt
tar -czf /tmp/app.tgz .
tar -tzf /tmp/app.tgz
