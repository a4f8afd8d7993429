# rate_lib.sh — what bench/milter/run.sh measures with: one throughput
# sample through the private Postfix of tests/fixtures/postfix.sh, and the
# small statistics over rounds. Source it with $fixtures, $work and
# $messages set (and tests/milter/milter_lib.sh for free_port).
#   postfix_rate RCPT MILTER [EXTRA_MAIN_CF]   starts Postfix in $work/p with MILTER ("" none),
#       sends $messages 1 KB messages to RCPT (smtp-source, 8 sessions), waits until all are at
#       the sink, stops Postfix; prints msgs/s (0, and why on stderr, when it failed)
#   median "A B C"     ratio A B     ratio_by_round "A1 A2" "B1 B2"
now() { date +%s%3N; }

postfix_rate() {
  POSTFIX_EXTRA=${3:-} "$fixtures/postfix.sh" start "$work/p" "$2" >/dev/null
  . "$work/p/env"
  local t0 t1 i count=0
  t0=$(now)
  if ! timeout 600 /usr/sbin/smtp-source -s 8 -m "$messages" -l 1024 -f sender@example.org -t "$1" \
      -M client.test.invalid "127.0.0.1:$SMTP_PORT" >/dev/null; then
    "$fixtures/postfix.sh" stop "$work/p"
    echo "smtp-source failed (milter '$2')" >&2; echo 0; return 0
  fi
  for i in $(seq 1 6000); do   # <= 600 s
    count=$(find "$SINK_DIR" -type f | wc -l)
    [ "$count" -ge "$messages" ] && break
    sleep 0.05
  done
  t1=$(now)
  "$fixtures/postfix.sh" stop "$work/p"
  [ "$count" -ge "$messages" ] || { echo "only $count of $messages arrived (milter '$2')" >&2; echo 0; return 0; }
  awk -v n="$messages" -v ms=$((t1 - t0)) 'BEGIN { printf "%.1f", n * 1000 / ms }'
}

median() { tr ' ' '\n' <<<"$1" | { grep . || true; } | sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (a == "" || b == "" || b == 0) print "n/a"; else printf "%.2f", a / b }'; }
ratio_by_round() {  # A B: A / B for each round
  paste -d' ' <(tr ' ' '\n' <<<"$1" | { grep . || true; }) <(tr ' ' '\n' <<<"$2" | { grep . || true; }) |
    awk '$1 != "" && $2 != "" && $2 != 0 { printf "%s%.2f", (n++ ? ", " : ""), $1 / $2 }'
}
