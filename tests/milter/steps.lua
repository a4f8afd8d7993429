-- steps.lua — shared by the miltertest scripts: connect (there is no MAIL
-- step: see connect_milter), one checked step, and running a script body
-- under pcall so a failure is printed (miltertest 2.11 often exits 1 without
-- a word otherwise). Loaded with dofile(lib).
mt.set_timeout(5)

-- Connects and checks the negotiation: umind has no envfrom callback, so
-- libmilter asks the MTA not to send MAIL at all (SMFIP_NOMAIL); a message
-- starts at its first RCPT. DATA is answered over inet: only (so Postfix's
-- DATA-stage packet is acknowledged at once, not after the delayed-ACK
-- timer: milter_callbacks.cpp), and skipped over unix: (SMFIP_NODATA).
function connect_milter()
  local conn = mt.connect(sock, 40, 0.1)
  if conn == nil then error("mt.connect(" .. tostring(sock) .. ") failed") end
  if not mt.test_option(conn, SMFIP_NOMAIL) then error("the milter did not negotiate SMFIP_NOMAIL") end
  local over_tcp = string.sub(sock, 1, 5) == "inet:"
  if mt.test_option(conn, SMFIP_NODATA) == over_tcp then
    error("over " .. sock .. " the milter " .. (over_tcp and "skips" or "asks for") .. " DATA")
  end
  return conn
end

-- Replies are numbers: 99 'c' continue, 121 'y' reply code (reject or tempfail).
local names = { [SMFIR_CONTINUE] = "continue", [SMFIR_REPLYCODE] = "replycode",
                [SMFIR_TEMPFAIL] = "tempfail", [SMFIR_REJECT] = "reject", [SMFIR_ACCEPT] = "accept" }

function step(conn, what, rc, want)
  if rc ~= nil then error(what .. ": call failed: " .. tostring(rc)) end
  local got = mt.getreply(conn)
  if got ~= want then
    error(string.format("%s: reply %s, want %s", what, names[got] or tostring(got), names[want] or tostring(want)))
  end
  mt.echo("ok  " .. what .. " -> " .. names[want])
end

-- The DATA and message body steps the milter did not opt out of, then EOM.
function finish_message(conn)
  if not mt.test_option(conn, SMFIP_NODATA) then step(conn, "data", mt.data(conn), SMFIR_CONTINUE) end
  if not mt.test_option(conn, SMFIP_NOHDRS) then step(conn, "header", mt.header(conn, "Subject", "t"), SMFIR_CONTINUE) end
  if not mt.test_option(conn, SMFIP_NOEOH) then step(conn, "eoh", mt.eoh(conn), SMFIR_CONTINUE) end
  if not mt.test_option(conn, SMFIP_NOBODY) then step(conn, "body", mt.bodystring(conn, "hello\r\n"), SMFIR_CONTINUE) end
  step(conn, "eom", mt.eom(conn), SMFIR_CONTINUE)
end

function expect_change(conn, kind, addr, wanted)
  local label = (kind == MT_RCPTADD) and "added" or "deleted"
  if mt.eom_check(conn, kind, addr) ~= wanted then
    error(addr .. (wanted and " not " or " unexpectedly ") .. label)
  end
  mt.echo("ok  " .. addr .. (wanted and " " or " not ") .. label)
end

function run(body)
  local ok, err = pcall(body)
  if not ok then mt.echo("FAIL: " .. tostring(err)); os.exit(1) end
  mt.echo("PASS")
end
