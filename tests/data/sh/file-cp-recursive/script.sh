#% cwd: /src
mkdir -p lib/util && echo a > lib/a.txt && echo b > lib/util/b.txt
cp lib /dst
echo "status $?"
cp -r lib /dst
cp -r lib /dst
find /dst
cp -r lib/. /merged
find /merged
