//! Literal file contents of the catalog images, from the published images (see
//! /work/shared/notes/base-images.md for the sources: nginx/pkg-oss, nodejs/docker-node,
//! docker-library/httpd).

/// `/etc/nginx/nginx.conf` (nginx/pkg-oss `debian/debian/nginx.conf`).
pub const NGINX_CONF: &str = r#"
user  nginx;
worker_processes  auto;

error_log  /var/log/nginx/error.log notice;
pid        /run/nginx.pid;


events {
    worker_connections  1024;
}


http {
    include       /etc/nginx/mime.types;
    default_type  application/octet-stream;

    log_format  main  '$remote_addr - $remote_user [$time_local] "$request" '
                      '$status $body_bytes_sent "$http_referer" '
                      '"$http_user_agent" "$http_x_forwarded_for"';

    access_log  /var/log/nginx/access.log  main;

    sendfile        on;
    #tcp_nopush     on;

    keepalive_timeout  65;

    #gzip  on;

    include /etc/nginx/conf.d/*.conf;
}
"#;

/// `/etc/nginx/conf.d/default.conf` (the commented-out PHP examples abridged to one comment).
pub const NGINX_DEFAULT_CONF: &str = r#"server {
    listen       80;
    server_name  localhost;

    #access_log  /var/log/nginx/host.access.log  main;

    location / {
        root   /usr/share/nginx/html;
        index  index.html index.htm;
    }

    #error_page  404              /404.html;

    # redirect server error pages to the static page /50x.html
    #
    error_page   500 502 503 504  /50x.html;
    location = /50x.html {
        root   /usr/share/nginx/html;
    }

    # (commented-out PHP proxy / FastCGI / .htaccess examples follow)
}
"#;

/// `/usr/share/nginx/html/index.html`, 615 bytes.
pub const NGINX_INDEX_HTML: &str = r#"<!DOCTYPE html>
<html>
<head>
<title>Welcome to nginx!</title>
<style>
html { color-scheme: light dark; }
body { width: 35em; margin: 0 auto;
font-family: Tahoma, Verdana, Arial, sans-serif; }
</style>
</head>
<body>
<h1>Welcome to nginx!</h1>
<p>If you see this page, the nginx web server is successfully installed and
working. Further configuration is required.</p>

<p>For online documentation and support please refer to
<a href="http://nginx.org/">nginx.org</a>.<br/>
Commercial support is available at
<a href="http://nginx.com/">nginx.com</a>.</p>

<p><em>Thank you for using nginx.</em></p>
</body>
</html>
"#;

/// `/usr/local/bin/httpd-foreground` of httpd:2.4.
pub const HTTPD_FOREGROUND: &str = r#"#!/bin/sh
set -e

# Apache gets grumpy about PID files pre-existing
rm -f /usr/local/apache2/logs/httpd.pid

exec httpd -DFOREGROUND "$@"
"#;

/// `/usr/local/bin/docker-entrypoint.sh` of current node images (388 bytes).
pub const NODE_ENTRYPOINT: &str = r#"#!/bin/sh
set -e

# Run command with node if the first argument contains a "-" or is not a system command. The last
# part inside the "{}" is a workaround for the following bug in ash/dash:
# https://bugs.debian.org/cgi-bin/bugreport.cgi?bug=874264
if [ "${1#-}" != "${1}" ] || [ -z "$(command -v "${1}")" ] || { [ -f "${1}" ] && ! [ -x "${1}" ]; }; then
  set -- node "$@"
fi

exec "$@"
"#;

/// `docker-entrypoint.sh` of node:10.16.0-alpine (116 bytes, the `COPY file:…` of diamol/node).
pub const NODE10_ENTRYPOINT: &str = r#"#!/bin/sh
set -e

if [ "${1#-}" != "${1}" ] || [ -z "$(command -v "${1}")" ]; then
  set -- node "$@"
fi

exec "$@"
"#;

/// `/usr/local/apache2/htdocs/index.html` (45 bytes).
pub const HTTPD_INDEX_HTML: &str = r#"<html><body><h1>It works!</h1></body></html>
"#;
