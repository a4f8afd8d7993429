-- eom.lua — recipient changes at end of message: +detail kept, no duplicate
-- when the new address is already a recipient, a chain and its target added
-- once, a list replaced by its deliver-to, untouched recipients left alone,
-- a refused recipient not rewritten. Each checked message has a connection
-- of its own: miltertest forgets a message's changes only at MAIL, which
-- umind does not negotiate. Then several messages on one connection, each
-- tagged with a queue ID (macro i) that the driver looks for in umind's log:
-- one message's rewrites do not leak into the next, nor survive an abort.
--   miltertest -D sock=inet:PORT@127.0.0.1 -D lib=steps.lua -s eom.lua
dofile(lib)

local C, R = SMFIR_CONTINUE, SMFIR_REPLYCODE

local function recipients(conn, list)
  for _, r in ipairs(list) do step(conn, "rcpt " .. r[1], mt.rcptto(conn, r[1]), r[2]) end
end

-- One message on a connection of its own, up to EOM; checks follow.
local function message(label, list)
  mt.echo("-- " .. label)
  local conn = connect_milter()
  recipients(conn, list)
  finish_message(conn)
  return conn
end

-- One message of several on `conn`, its queue ID `id`, ended by EOM or abort.
local function tagged(conn, id, list, ending)
  mt.echo("-- message " .. id .. " (" .. ending .. ")")
  if mt.macro(conn, SMFIC_RCPT, "i", id) ~= nil then error("mt.macro failed") end
  recipients(conn, list)
  if ending == "eom" then
    finish_message(conn)
  elseif mt.abort(conn) ~= nil then
    error("mt.abort failed")
  end
end

run(function()
  local conn = message("+detail is kept", { { "<old-x+news@umin.ac.jp>", C } })
  expect_change(conn, MT_RCPTDELETE, "<old-x+news@umin.ac.jp>", true)
  expect_change(conn, MT_RCPTADD, "<new-x+news@umin.ac.jp>", true)
  mt.disconnect(conn)

  conn = message("old and new address both recipients", { { "<old-x@umin.ac.jp>", C }, { "<new-x@umin.ac.jp>", C } })
  expect_change(conn, MT_RCPTDELETE, "<old-x@umin.ac.jp>", true)
  expect_change(conn, MT_RCPTADD, "<new-x@umin.ac.jp>", false)
  expect_change(conn, MT_RCPTDELETE, "<new-x@umin.ac.jp>", false)
  mt.disconnect(conn)

  conn = message("two old addresses of one ID", { { "<old-x@umin.ac.jp>", C }, { "<TwoHop-X@umin.ac.jp>", C } })
  expect_change(conn, MT_RCPTDELETE, "<old-x@umin.ac.jp>", true)
  expect_change(conn, MT_RCPTDELETE, "<TwoHop-X@umin.ac.jp>", true)
  expect_change(conn, MT_RCPTADD, "<new-x@umin.ac.jp>", true)
  mt.disconnect(conn)

  conn = message("list", { { "<soc-list@umin.ac.jp>", C } })
  expect_change(conn, MT_RCPTDELETE, "<soc-list@umin.ac.jp>", true)
  expect_change(conn, MT_RCPTADD, "<members@lists.example.org>", true)
  mt.disconnect(conn)

  conn = message("nothing to change",
                 { { "<kiuchi-tky@umin.ac.jp>", C }, { "<postmaster@umin.ac.jp>", C }, { "<someone@example.org>", C } })
  expect_change(conn, MT_RCPTDELETE, "<kiuchi-tky@umin.ac.jp>", false)
  expect_change(conn, MT_RCPTDELETE, "<postmaster@umin.ac.jp>", false)
  expect_change(conn, MT_RCPTDELETE, "<someone@example.org>", false)
  mt.disconnect(conn)

  conn = message("a refused recipient is not rewritten", { { "<off-x@umin.ac.jp>", R }, { "<old-x@umin.ac.jp>", C } })
  expect_change(conn, MT_RCPTDELETE, "<off-x@umin.ac.jp>", false)
  expect_change(conn, MT_RCPTDELETE, "<old-x@umin.ac.jp>", true)
  expect_change(conn, MT_RCPTADD, "<new-x@umin.ac.jp>", true)
  mt.disconnect(conn)

  -- The driver expects rewrite lines for EOM-1 only, and none for the others.
  conn = connect_milter()
  tagged(conn, "EOM-1", { { "<old-x@umin.ac.jp>", C }, { "<soc-list@umin.ac.jp>", C } }, "eom")
  tagged(conn, "EOM-2", { { "<kiuchi-tky@umin.ac.jp>", C } }, "eom")
  tagged(conn, "EOM-3", { { "<new-x@umin.ac.jp>", C } }, "eom")
  tagged(conn, "ABORT-1", { { "<old-x@umin.ac.jp>", C } }, "abort")
  tagged(conn, "ABORT-2", { { "<nobody-x@umin.ac.jp>", R } }, "abort")
  tagged(conn, "ABORT-3", { { "<kiuchi-tky@umin.ac.jp>", C } }, "eom")
  mt.disconnect(conn)
end)
