#% image: alpine:3.20
echo 'PermitRootLogin yes' > /tmp/sshd_config
echo 'Port 22' >> /tmp/sshd_config
sed -i '/^PermitRootLogin/c PermitRootLogin no' /tmp/sshd_config
sed -n 'p' /tmp/sshd_config
