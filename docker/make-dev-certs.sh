#!/bin/sh
# Makes a development certificate authority and one PKCS12 key store per node, signed by it, plus
# the trust store every node shares, for the event bus's mutual TLS (cluster.tls.*). Uses keytool only.
#
#   docker/make-dev-certs.sh [output-folder] [node-name ...]
#
# Defaults: folder docker/certs, nodes gateway-1 gateway-2 user-1 user-2 product-1 product-2 order-1 order-2.
# Passwords: CERT_PASSWORD (every store; at least 6 characters). Development only: for real
# clusters use certificates from your own CA (see docs/cluster.md, "Cluster security").
set -eu

out=${1:-$(dirname "$0")/certs}
[ $# -gt 0 ] && shift
nodes=${*:-gateway-1 gateway-2 user-1 user-2 product-1 product-2 order-1 order-2}
password=${CERT_PASSWORD:-emporium-dev-only}
days=${CERT_DAYS:-365}

command -v keytool >/dev/null 2>&1 || { echo "make-dev-certs.sh: keytool (a JDK or JRE) is required" >&2; exit 1; }
mkdir -p "$out"
cd "$out"

kt() { keytool -storetype PKCS12 -storepass "$password" -keypass "$password" "$@"; }

if [ ! -f ca.p12 ]; then
  kt -genkeypair -alias ca -keyalg EC -groupname secp256r1 -sigalg SHA256withECDSA -validity "$days" \
    -dname "CN=Emporium development CA" -ext bc:c -ext ku:c=keyCertSign,cRLSign -keystore ca.p12 >/dev/null 2>&1
fi
kt -exportcert -rfc -alias ca -keystore ca.p12 -file ca.pem >/dev/null 2>&1
rm -f truststore.p12
kt -importcert -noprompt -alias emporium-ca -file ca.pem -keystore truststore.p12 >/dev/null 2>&1

for node in $nodes; do
  rm -f "$node.p12" "$node.csr" "$node.pem"
  kt -genkeypair -alias node -keyalg EC -groupname secp256r1 -sigalg SHA256withECDSA -validity "$days" \
    -dname "CN=$node, OU=Emporium cluster" -keystore "$node.p12" >/dev/null 2>&1
  kt -certreq -alias node -keystore "$node.p12" -file "$node.csr" >/dev/null 2>&1
  kt -gencert -alias ca -keystore ca.p12 -infile "$node.csr" -outfile "$node.pem" -rfc -validity "$days" \
    -ext ku:c=digitalSignature,keyAgreement -ext eku=serverAuth,clientAuth -ext "san=dns:$node" >/dev/null 2>&1
  # The chain (CA, then the signed node certificate) replaces the self-signed one.
  kt -importcert -noprompt -alias emporium-ca -file ca.pem -keystore "$node.p12" >/dev/null 2>&1
  kt -importcert -noprompt -alias node -file "$node.pem" -keystore "$node.p12" >/dev/null 2>&1
  kt -delete -alias emporium-ca -keystore "$node.p12" >/dev/null 2>&1
  rm -f "$node.csr"
  echo "make-dev-certs.sh: $out/$node.p12 (signed by the development CA)"
done
echo "make-dev-certs.sh: $out/truststore.p12 trusts the development CA ($out/ca.pem); keep $out/ca.p12 private"
