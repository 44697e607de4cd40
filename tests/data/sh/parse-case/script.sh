for arch in x86_64 aarch64 armv7 s390x; do
  case "${arch##*-}" in
    x86_64) ARCH='x64';;
    aarch64|arm64) ARCH='arm64';;
    armv7*) ARCH='armv7l' ;;
    *) ARCH=unknown ;;
  esac
  echo "$arch -> $ARCH"
done
