#% image: alpine:3.20
#% cwd: /app
touch a.txt
echo hello > b.txt
mkdir sub
ln -s b.txt link
ls -l
ls -la sub
