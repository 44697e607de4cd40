#% image: node:20-alpine
#% cwd: /app
#% env: PORT=8080
mkdir -p /app && cat <<EOF > /app/config.json
{
  "name": "demo",
  "port": ${PORT:-3000},
  "home": "$HOME"
}
EOF
cat /app/config.json
