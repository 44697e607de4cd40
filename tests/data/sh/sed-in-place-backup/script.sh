sed -i.bak 's/^/# /' /etc/hostname
grep . /etc/hostname /etc/hostname.bak
