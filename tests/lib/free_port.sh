# free_port.sh — free_port: prints a random TCP port below the ephemeral
# range that nobody listens on (for test daemons). Source it.
free_port() {
  local p
  for _ in $(seq 1 50); do
    p=$((20000 + RANDOM % 12000))
    [ -z "$(ss -Htln "sport = :$p")" ] && { echo "$p"; return 0; }
  done
  return 1
}
