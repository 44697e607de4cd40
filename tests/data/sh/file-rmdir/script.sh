#% cwd: /w
mkdir -p a/b/c
rmdir a
echo "status $?"
rmdir -p a/b/c
ls
rmdir /etc/hostname
