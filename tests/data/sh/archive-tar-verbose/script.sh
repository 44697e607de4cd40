#% cwd: /data
echo 1 > one
echo 2 > two
tar -cvf /tmp/n.tar one two
tar -xvf /tmp/n.tar -C /tmp
