#% cwd: /app
echo 'PORT=3000' > .env
echo 'const port = process.env.PORT' > index.js
echo 'nothing' > README
grep -rn PORT .
grep -rl PORT /app
