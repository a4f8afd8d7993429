# netns_lib.sh — the deployment test's network: one network namespace per
# host and a switch namespace holding a Linux bridge, one veth pair per host
# (the host's end is eth0), addresses only in the private subnet the test
# gives. Names carry the test's PID, so parallel runs never meet. Source it
# (needs root).
#   net_up HOST=IP...     make the switch and each HOST (a short name: c, m1)
#   ns HOST               the namespace's name
#   on HOST CMD...        CMD inside HOST's namespace (exec'd: a background
#                         job's $! is CMD's own PID)
#   link_down HOST / link_up HOST   pull / plug HOST's cable (its eth0)
#   net_down              delete every namespace made; a process still inside
#                         one is reported (returns 1) and killed by its PID
NET_PREFIX=um$$
NET_MADE=()

ns() { echo "$NET_PREFIX-$1"; }
on() { local host=$1; shift; ip netns exec "$(ns "$host")" "$@"; }
link_down() { ip -n "$(ns "$1")" link set eth0 down; }
link_up() { ip -n "$(ns "$1")" link set eth0 up; }

net_up() {
  local sw spec host addr
  sw=$(ns sw)
  ip netns add "$sw"; NET_MADE+=("$sw")
  ip -n "$sw" link add name br0 type bridge
  ip -n "$sw" link set br0 up
  for spec; do
    host=${spec%%=*} addr=${spec#*=}
    ip netns add "$(ns "$host")"; NET_MADE+=("$(ns "$host")")
    ip -n "$sw" link add name "p-$host" type veth peer name eth0 netns "$(ns "$host")"
    ip -n "$sw" link set "p-$host" master br0 up
    ip -n "$(ns "$host")" link set lo up
    ip -n "$(ns "$host")" addr add "$addr/24" dev eth0
    ip -n "$(ns "$host")" link set eth0 up
  done
}

net_down() {
  local n pids rc=0
  for n in "${NET_MADE[@]}"; do
    pids=$(ip netns pids "$n" 2>/dev/null | tr '\n' ' ')
    if [ -n "$pids" ]; then
      echo "netns $n still holds processes: $(ps -o pid=,args= -p "${pids// /,}" 2>/dev/null | tr '\n' ';')" >&2
      # shellcheck disable=SC2086  # a list of PIDs
      kill -9 $pids 2>/dev/null || true
      rc=1
    fi
    ip netns del "$n" 2>/dev/null || true
  done
  NET_MADE=()
  return $rc
}
