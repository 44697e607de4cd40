#% cwd: /proj
mkdir -p a/b && touch a/x.md a/b/y.txt a/b/z.md top.txt
find . -name '*.md' -o -name '*.txt'
find . ! -name '*.md' -type f
find . -not -type d -path './a/*'
find . \( -name x.md -o -name top.txt \) -print
find . -name b -prune -o -type f -print
find . -iname 'TOP.TXT'
find /proj/a -name '*.md' -print0 | tr '\0' '\n'
