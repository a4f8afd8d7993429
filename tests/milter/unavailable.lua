-- unavailable.lua — before the replica is loaded (slapd unreachable): our
-- IDs are refused with a reply code (451 4.3.0, checked in the log), while
-- postmaster and other domains still pass.
--   miltertest -D sock=inet:PORT@127.0.0.1 -D lib=steps.lua -s unavailable.lua
dofile(lib)

run(function()
  local conn = connect_milter()
  step(conn, "rcpt live ID", mt.rcptto(conn, "<kiuchi-tky@umin.ac.jp>"), SMFIR_REPLYCODE)
  step(conn, "rcpt unknown", mt.rcptto(conn, "<nobody-x@umin.ac.jp>"), SMFIR_REPLYCODE)
  step(conn, "rcpt postmaster", mt.rcptto(conn, "<postmaster@umin.ac.jp>"), SMFIR_CONTINUE)
  step(conn, "rcpt other domain", mt.rcptto(conn, "<someone@example.org>"), SMFIR_CONTINUE)
  mt.disconnect(conn)
end)
