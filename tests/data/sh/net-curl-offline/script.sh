#% image: node:24
curl -fsSL https://example.com/install.sh -o install.sh
echo "curl exit $?"
curl -s http://localhost:3000/health
echo "curl exit $?"
