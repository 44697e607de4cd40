mkdir -pv /opt/tool/bin
mkdir -m u=rwx,g=rx,o= /opt/private
stat -c '%A %a %n' /opt/tool /opt/tool/bin /opt/private
