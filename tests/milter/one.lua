-- one.lua — one recipient, one expected reply; for polling a change.
--   miltertest -D sock=… -D lib=steps.lua -D rcpt='<a@umin.ac.jp>' -D want=continue|replycode -s one.lua
dofile(lib)

run(function()
  local conn = connect_milter()
  step(conn, "rcpt " .. rcpt, mt.rcptto(conn, rcpt), want == "continue" and SMFIR_CONTINUE or SMFIR_REPLYCODE)
  mt.disconnect(conn)
end)
