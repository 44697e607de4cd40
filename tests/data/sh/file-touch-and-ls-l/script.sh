#% cwd: /app
touch package.json README.md
echo '{"name":"x"}' > package.json
ls -l
