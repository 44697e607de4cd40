mkdir /d2
echo content > /f
ln /f /f.hard
cat /f.hard
ln /etc /etc2
ln /missing /x
ln -s /d2 /cur
ln -sf /etc /cur
ls /d2
ln -sfn /etc /cur
readlink /cur
