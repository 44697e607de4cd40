#% cwd: /app
printf 'echo hi\n' > run.sh
chmod 755 run.sh
cp run.sh copy.sh
cp run.sh /usr/local/bin/
ls -l copy.sh /usr/local/bin/run.sh
cat /usr/local/bin/run.sh
