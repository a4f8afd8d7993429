# mail_lib.sh — mail through the private Postfix of tests/fixtures/postfix.sh
# (its env sourced: SMTP_PORT, SINK_DIR) to smtp-sink, for the milter tests.
# Source it after assert.sh. For a Postfix in a network namespace
# (tests/deploy) set MAIL_EXEC="ip netns exec NS" (swaks and smtplib run
# there) and MAIL_HOST (a name in every label); MAIL_ON_SEND names a function
# called after each message with its recipients (a ledger).
#   send TO[,TO...]            one message with swaks; transcript in $OUT, exit in $RC, $LABEL names it
#   arrived                    the envelope recipients of $LABEL at the sink, sorted (waits <= 15 s)
#   expect_delivery TO WANT    mail to TO arrives for exactly WANT (newline-separated, sorted)
#   expect_every_row           every §6 row of routes.ldif through Postfix's hook-up (a loaded replica)
#   expect_tempfail_nothing_lost TO PATTERN   umind is down: swaks fails with a reply matching PATTERN
#                              (grep -E), and nothing arrives at the sink
#   expect_refusal TO REPLY    the RCPT is refused in the SMTP dialogue with REPLY ("550 5.1.1 User unknown")
#   send_session SPEC...       several messages in one SMTP session (python3 smtplib), see below
#   expect_arrived WANT WHAT   the message $LABEL arrived for exactly WANT
mail_n=0
# send TO[,TO...]: one message through Postfix; swaks' transcript in $OUT, exit in $RC; $LABEL names it.
send() {
  mail_n=$((mail_n + 1)); LABEL="msg-$mail_n-$BASHPID${MAIL_HOST:+-$MAIL_HOST}"
  run ${MAIL_EXEC:-} swaks --server "127.0.0.1:$SMTP_PORT" --from sender@example.org --to "$1" \
            --header "X-Test: $LABEL" --body "test $LABEL" --timeout 20
  ${MAIL_ON_SEND:-:} "$1"
}
# arrived: the envelope recipients of $LABEL at the sink, sorted, one per line (waits <= 15 s).
arrived() {
  local f="" i
  for i in $(seq 1 300); do
    f=$(grep -l "X-Test: $LABEL" "$SINK_DIR"/* 2>/dev/null | head -1) && [ -n "$f" ] && break
    sleep 0.05
  done
  [ -n "$f" ] || { echo "(nothing)"; return 0; }
  sed -n 's/^X-Rcpt-Args: \(<[^>]*>\).*/\1/p' "$f" | sort
}
# expect_delivery TO WANT: mail to TO arrives for exactly WANT (newline-separated, sorted).
expect_delivery() {
  send "$1"
  [ "$RC" = 0 ] || { fail "swaks to $1: exit $RC"; echo "$OUT" >&2; return 0; }
  expect_arrived "$2" "mail to $1"
}
# expect_arrived WANT WHAT: the message $LABEL arrived for exactly WANT (WHAT names it in messages).
expect_arrived() {
  local got; got=$(arrived)
  [ "$got" = "$1" ] || { fail "$2 arrived for [$(echo "$got" | tr '\n' ' ')], want [$1]"; return 0; }
  echo "ok  $2 -> $(echo "$got" | tr '\n' ' ')"
}
# send_session SPEC...: one SMTP session, one transaction per SPEC: "TO[,TO...]" is
# sent as message $LABEL-N (N counts from 1); "TO[,TO...]/rset" gives the RCPTs,
# then RSET instead of DATA. Sets LABEL; the RCPT answers in $OUT, exit in $RC.
send_session() {
  mail_n=$((mail_n + 1)); LABEL="session-$mail_n-$BASHPID${MAIL_HOST:+-$MAIL_HOST}"
  run ${MAIL_EXEC:-} python3 - "$SMTP_PORT" "$LABEL" "$@" <<'PY'
import smtplib, sys
port, label, specs = int(sys.argv[1]), sys.argv[2], sys.argv[3:]
smtp = smtplib.SMTP("127.0.0.1", port, timeout=20)
smtp.ehlo("client.example.org")
for n, spec in enumerate(specs, 1):
    recipients, _, ending = spec.partition("/")
    code, text = smtp.mail("sender@example.org")
    if code != 250:
        sys.exit(f"MAIL: {code} {text.decode()}")
    for rcpt in recipients.split(","):
        code, text = smtp.rcpt(rcpt)
        print(f"{label}-{n} RCPT {rcpt}: {code} {text.decode()}")
    if ending == "rset":
        smtp.rset()
    else:
        smtp.data(f"X-Test: {label}-{n}\r\nSubject: session\r\n\r\ntest {label}-{n}\r\n")
smtp.quit()
PY
}
# expect_refusal TO "CODE X.Y.Z TEXT": the RCPT is refused in the SMTP dialogue with that code and text
# (the milter's reply is exactly that; an access map's reply has Postfix's "<TO>: Recipient address
# rejected: " between code and text).
expect_refusal() {
  send "$1"
  local code=${2:0:9} text=${2:10}
  grep -F "<** $code " <<<"$OUT" | grep -qF -- "$text" ||
    { fail "mail to $1: no '$2' in the SMTP dialogue"; echo "$OUT" >&2; }
  echo "ok  $1 refused: $2"
}

# expect_tempfail_nothing_lost TO PATTERN: umind is down: the mail to TO gets a reply matching PATTERN
# (grep -E), swaks fails, and nothing arrives at the sink.
expect_tempfail_nothing_lost() {
  local before; before=$(ls "$SINK_DIR" | wc -l)
  send "$1"
  grep -qE -- "$2" <<<"$OUT" || { fail "with umind down, no '$2' for $1"; echo "$OUT" >&2; }
  [ "$RC" != 0 ] || fail "with umind down, swaks to $1 succeeded"
  sleep 0.5
  [ "$(ls "$SINK_DIR" | wc -l)" = "$before" ] || fail "with umind down, mail to $1 was delivered"
  echo "ok  umind down: $(grep -oE -- "$2" <<<"$OUT" | head -1), nothing delivered"
}
# expect_every_row: every §6 row of tests/milter/routes.ldif through whatever hook-up Postfix has
# (milter or socketmap), the replica loaded and fresh.
expect_every_row() {
  expect_delivery kiuchi-tky@umin.ac.jp "<kiuchi-tky@umin.ac.jp>"
  expect_delivery kiuchi-tky+lab@umin.ac.jp "<kiuchi-tky+lab@umin.ac.jp>"
  expect_delivery legacy_id@umin.ac.jp "<legacy_id@umin.ac.jp>"
  expect_delivery old-x@umin.ac.jp "<new-x@umin.ac.jp>"
  expect_delivery old-x+news@umin.ac.jp "<new-x+news@umin.ac.jp>"
  expect_delivery old-x@umin.ac.jp,new-x@umin.ac.jp "<new-x@umin.ac.jp>"
  expect_delivery old-x@umin.ac.jp,twohop-x@umin.ac.jp "<new-x@umin.ac.jp>"
  expect_delivery soc-list@umin.ac.jp "<members@lists.example.org>"
  expect_delivery postmaster@umin.ac.jp "<postmaster@umin.ac.jp>"
  expect_delivery someone@example.org "<someone@example.org>"
  expect_refusal expired-x@umin.ac.jp "550 5.1.1 User unknown"
  expect_refusal off-x@umin.ac.jp "550 5.1.1 User unknown"
  expect_refusal gone-x@umin.ac.jp "550 5.1.1 User unknown"
  expect_refusal nobody-x@umin.ac.jp "550 5.1.1 User unknown"
  expect_refusal x@umin.ac.jp "550 5.1.3 Bad recipient address syntax"
  expect_refusal loop-a@umin.ac.jp "554 5.4.6 Routing loop detected"
  # a refused recipient does not stop the others
  expect_delivery nobody-x@umin.ac.jp,kiuchi-tky@umin.ac.jp "<kiuchi-tky@umin.ac.jp>"
}
