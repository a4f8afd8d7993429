-- eom.lua — recipient changes at end of message, several messages on one
-- connection (state is per message): +detail kept, no duplicate when the new
-- address is already a recipient, a chain and its target added once, a list
-- replaced by its deliver-to, untouched recipients left alone, a refused
-- recipient not rewritten.
--   miltertest -D sock=inet:PORT@127.0.0.1 -D lib=steps.lua -s eom.lua
dofile(lib)

local function message(conn, label, recipients)
  mt.echo("-- " .. label)
  step(conn, "mail from", mt.mailfrom(conn, "<sender@example.org>"), SMFIR_CONTINUE)
  for _, r in ipairs(recipients) do step(conn, "rcpt " .. r[1], mt.rcptto(conn, r[1]), r[2]) end
  finish_message(conn)
end

local C, R = SMFIR_CONTINUE, SMFIR_REPLYCODE

run(function()
  local conn = connect_milter()

  message(conn, "+detail is kept", { { "<old-x+news@umin.ac.jp>", C } })
  expect_change(conn, MT_RCPTDELETE, "<old-x+news@umin.ac.jp>", true)
  expect_change(conn, MT_RCPTADD, "<new-x+news@umin.ac.jp>", true)

  message(conn, "old and new address both recipients", { { "<old-x@umin.ac.jp>", C }, { "<new-x@umin.ac.jp>", C } })
  expect_change(conn, MT_RCPTDELETE, "<old-x@umin.ac.jp>", true)
  expect_change(conn, MT_RCPTADD, "<new-x@umin.ac.jp>", false)
  expect_change(conn, MT_RCPTDELETE, "<new-x@umin.ac.jp>", false)

  message(conn, "two old addresses of one ID", { { "<old-x@umin.ac.jp>", C }, { "<TwoHop-X@umin.ac.jp>", C } })
  expect_change(conn, MT_RCPTDELETE, "<old-x@umin.ac.jp>", true)
  expect_change(conn, MT_RCPTDELETE, "<TwoHop-X@umin.ac.jp>", true)
  expect_change(conn, MT_RCPTADD, "<new-x@umin.ac.jp>", true)

  message(conn, "list", { { "<soc-list@umin.ac.jp>", C } })
  expect_change(conn, MT_RCPTDELETE, "<soc-list@umin.ac.jp>", true)
  expect_change(conn, MT_RCPTADD, "<members@lists.example.org>", true)

  message(conn, "nothing to change (and nothing left from the last message)",
          { { "<kiuchi-tky@umin.ac.jp>", C }, { "<postmaster@umin.ac.jp>", C }, { "<someone@example.org>", C } })
  expect_change(conn, MT_RCPTDELETE, "<soc-list@umin.ac.jp>", false)
  expect_change(conn, MT_RCPTADD, "<members@lists.example.org>", false)
  expect_change(conn, MT_RCPTDELETE, "<kiuchi-tky@umin.ac.jp>", false)
  expect_change(conn, MT_RCPTDELETE, "<postmaster@umin.ac.jp>", false)

  message(conn, "a refused recipient is not rewritten", { { "<off-x@umin.ac.jp>", R }, { "<old-x@umin.ac.jp>", C } })
  expect_change(conn, MT_RCPTDELETE, "<off-x@umin.ac.jp>", false)
  expect_change(conn, MT_RCPTDELETE, "<old-x@umin.ac.jp>", true)
  expect_change(conn, MT_RCPTADD, "<new-x@umin.ac.jp>", true)

  mt.disconnect(conn)
end)
