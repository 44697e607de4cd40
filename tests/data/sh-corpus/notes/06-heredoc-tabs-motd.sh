#% image: debian:bookworm-slim
cat <<-'END' >> /etc/motd
	Welcome to $HOSTNAME
		built with Layercake
	END
tail -n 2 /etc/motd
