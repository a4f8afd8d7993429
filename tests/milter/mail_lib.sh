# mail_lib.sh — mail through the private Postfix of tests/fixtures/postfix.sh
# (its env sourced: SMTP_PORT, SINK_DIR) to smtp-sink, for the milter tests.
# Source it after assert.sh.
#   send TO[,TO...]            one message with swaks; transcript in $OUT, exit in $RC, $LABEL names it
#   arrived                    the envelope recipients of $LABEL at the sink, sorted (waits <= 15 s)
#   expect_delivery TO WANT    mail to TO arrives for exactly WANT (newline-separated, sorted)
#   expect_refusal TO CODE     the RCPT is refused in the SMTP dialogue with CODE ("550 5.1.1")
#   send_session SPEC...       several messages in one SMTP session (python3 smtplib), see below
#   expect_arrived WANT WHAT   the message $LABEL arrived for exactly WANT
mail_n=0
# send TO[,TO...]: one message through Postfix; swaks' transcript in $OUT, exit in $RC; $LABEL names it.
send() {
  mail_n=$((mail_n + 1)); LABEL="msg-$mail_n-$$"
  run swaks --server "127.0.0.1:$SMTP_PORT" --from sender@example.org --to "$1" \
            --header "X-Test: $LABEL" --body "test $LABEL" --timeout 20
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
  mail_n=$((mail_n + 1)); LABEL="session-$mail_n-$$"
  run python3 - "$SMTP_PORT" "$LABEL" "$@" <<'PY'
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
# expect_refusal TO CODE: the RCPT is refused in the SMTP dialogue with CODE ("550 5.1.1").
expect_refusal() {
  send "$1"
  grep -qF "<** $2" <<<"$OUT" || { fail "mail to $1: no '$2' in the SMTP dialogue"; echo "$OUT" >&2; }
  echo "ok  $1 refused: $2"
}

