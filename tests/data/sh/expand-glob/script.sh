mkdir -p /g && cd /g && touch a.js b.js c.txt .hidden
echo *.js
echo *
echo .*
echo nomatch*
echo "*.js"
set -f; echo *.js
