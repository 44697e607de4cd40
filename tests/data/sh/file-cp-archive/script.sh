#% cwd: /src
mkdir conf && echo x > conf/app.conf
chown -R 33:33 conf
chmod 640 conf/app.conf
ln -s app.conf conf/current
cp -a conf /backup
ls -ln /backup
cp conf/current /plain
ls -l /plain
