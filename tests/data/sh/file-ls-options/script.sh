#% cwd: /work
mkdir -p dir/inner
touch .env main.py dir/x.txt
chmod +x main.py
ln -s main.py run
ls
ls -a
ls -A
ls -F
ls -1d dir .env
ls -R
