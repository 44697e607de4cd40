#% cwd: /data
mkdir -p a/b
printf '%05000d' 0 > a/big
printf x > a/b/small
du .
du -s a
du -sh a
du -a a
du -sk /nope
