echo 'key = value' | sed 's/^\([a-z]*\) *= *\(.*\)$/\2=\1/'
