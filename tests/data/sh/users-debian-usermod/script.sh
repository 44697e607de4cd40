useradd -m app && usermod -aG sudo app
id app
