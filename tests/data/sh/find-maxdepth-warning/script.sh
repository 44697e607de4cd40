#% cwd: /w
mkdir -p a/b && touch a/f a/b/g
find . -type f -maxdepth 1
find . -maxdepth 2 -type f
find . -name '*' -mindepth 3
