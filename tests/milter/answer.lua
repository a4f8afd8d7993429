-- answer.lua — one recipient; prints "ANSWER continue" or "ANSWER refused"
-- (the exact code is in umind's log line for the recipient).
--   miltertest -D sock=… -D lib=steps.lua -D rcpt='<a@umin.ac.jp>' -s answer.lua
dofile(lib)

run(function()
  local conn = connect_milter()
  if mt.rcptto(conn, rcpt) ~= nil then error("rcpt " .. rcpt .. ": call failed") end
  local got = mt.getreply(conn)
  mt.echo(got == SMFIR_CONTINUE and "ANSWER continue" or "ANSWER refused")
  mt.disconnect(conn)
end)
