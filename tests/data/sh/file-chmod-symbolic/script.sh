touch /f
chmod 600 /f && stat -c %a /f
chmod u+x,go+r /f && stat -c %a /f
chmod a=r /f && stat -c %A /f
chmod u=rwx,g=rx,o= /f && stat -c %A /f
chmod +x /f && stat -c %a /f
chmod -x /f && stat -c %a /f
chmod +w /f && stat -c %a /f
chmod 4755 /f && stat -c %A /f
