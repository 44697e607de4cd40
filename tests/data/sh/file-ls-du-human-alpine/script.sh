#% image: alpine:3.20
#% cwd: /data
printf '%02000d' 0 > two-k
seq 1 3000 > numbers
ls -lh
du -h .
du -sh /data
