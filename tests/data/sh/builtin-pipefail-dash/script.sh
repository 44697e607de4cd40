set -o pipefail
echo never
