echo hello > /f
stat -c '%n %s %a %A %U %G %F' /f /etc
stat -c '%F' /bin
stat -L -c '%F' /bin
stat /nope
