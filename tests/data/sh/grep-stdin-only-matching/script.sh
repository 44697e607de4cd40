echo 'version=1.25.3' | grep -o '[0-9][0-9.]*'
