#% image: alpine:3.20
mkdir -p /x && touch /x/a /x/b
find /x -type f | xargs -n 1 echo got
find /nope
echo "status $?"
find /x -bogus
