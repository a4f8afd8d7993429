# ledger_lib.sh — "no mail is lost": every message the deployment test sends
# (tests/milter/mail_lib.sh's send, through MAIL_ON_SEND=ledger_record) gets a
# line in LEDGER: label, MX host, recipient, swaks' exit and the final reply
# of the SMTP dialogue ("250 queued" when Postfix took the message, else the
# first 4xx/5xx reply). At the end every message Postfix took must be in that
# MX's smtp-sink, and no other one. Source after assert.sh; set LEDGER and
# DEPLOY_TMP (a host's sink is DEPLOY_TMP/HOST/p/sink).
#   ledger_record TO      (MAIL_ON_SEND) one line for $LABEL from $OUT/$RC
#   ledger_check          waits (<= 20 s) for every accepted message, checks, prints the summary

ledger_record() {
  local reply
  if grep -qE '^ *<- +250 .*queued as' <<<"$OUT"; then
    reply="250 queued"
  else
    reply=$(grep -m1 -E '^ *<\*\* +[45][0-9][0-9] ' <<<"$OUT" | sed -E 's/^ *<\*\* +//' | tr -d '\r' || true)
  fi
  printf '%s\t%s\t%s\t%s\t%s\n' "$LABEL" "$MAIL_HOST" "$1" "$RC" "${reply:-(no reply)}" >>"$LEDGER"
}

# ledger_arrived: "LABEL HOST" for every message in the sinks (one line per file)
ledger_arrived() {
  local h f
  for h in $(cut -f2 "$LEDGER" | sort -u); do
    for f in "$DEPLOY_TMP/$h/p/sink"/*; do
      [ -f "$f" ] || continue
      sed -n 's/^X-Test: \([^[:space:]]*\).*/\1/p' "$f" | head -1 | sed "s/\$/ $h/"
    done
  done | sort
}

ledger_check() {
  local missing arrived label host to rc reply accepted=0 temp=0 perm=0 odd=0
  for _ in $(seq 1 100); do
    arrived=$(ledger_arrived)
    missing=$(awk -F'\t' '$5 == "250 queued" { print $1 " " $2 }' "$LEDGER" | sort | comm -23 - <(sort -u <<<"$arrived"))
    [ -z "$missing" ] && break
    sleep 0.2
  done
  while IFS=$'\t' read -r label host to rc reply; do
    case $reply in
      "250 queued") accepted=$((accepted + 1));;
      4[0-9][0-9]" "*) temp=$((temp + 1));;
      5[0-9][0-9]" "*) perm=$((perm + 1));;
      *) odd=$((odd + 1)); fail "ledger: $label to $to at $host (swaks exit $rc): neither accepted nor refused in the dialogue";;
    esac
    if [ "$reply" != "250 queued" ] && grep -qx "$label $host" <<<"$arrived"; then
      fail "ledger: $label to $to at $host was refused ($reply) but arrived"
    fi
  done <"$LEDGER"
  [ -z "$missing" ] || fail "ledger: accepted but never arrived: $(tr '\n' ' ' <<<"$missing")"
  local dups; dups=$(uniq -d <<<"$arrived")
  [ -z "$dups" ] || fail "ledger: arrived more than once: $(tr '\n' ' ' <<<"$dups")"
  echo "== ledger: $(wc -l <"$LEDGER") messages sent: $accepted accepted (all arrived at their MX's sink:" \
       "$([ -z "$missing" ] && echo yes || echo NO)), $temp tempfailed (4xx), $perm refused (5xx), $odd without a reply"
  awk -F'\t' '{ split($5, r, " "); n[$2 " " r[1] " " r[2]]++ } END { for (k in n) printf "   %-28s %d\n", k, n[k] }' "$LEDGER" | sort
}
