echo 'v1.22.3' | sed -E 's/v([0-9]+)\.([0-9]+)\.([0-9]+)/major=\1 minor=\2 patch=\3/'
