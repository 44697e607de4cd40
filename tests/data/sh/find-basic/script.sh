#% cwd: /proj
mkdir -p src/lib empty && touch src/main.c src/lib/util.c src/lib/util.h README.md
ln -s src link
find
find . -name '*.c'
find src -type d
find . -type l
find . -maxdepth 1 -type f
find . -mindepth 2 -name 'util*'
find . -empty
