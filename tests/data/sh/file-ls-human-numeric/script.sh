#% cwd: /data
printf '%02000d' 0 > two-k
seq 1 3000 > numbers
chown 1000:1000 numbers
ls -lh
ls -n numbers
