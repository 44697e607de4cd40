uname -a
uname -m
uname -sr
