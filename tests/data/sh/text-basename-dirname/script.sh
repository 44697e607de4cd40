basename /usr/local/bin/
basename /app/src/index.ts .ts
basename -s .c /x/a.c /y/b.c
basename /
dirname /usr/local/bin
dirname file.txt
dirname /
dirname a/b/ c
basename
