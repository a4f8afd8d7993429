-- rows.lua — every row of DESIGN §6 at RCPT time: accepted recipients get
-- "continue", refused ones a reply code (the exact code and text are checked
-- in umind's log by the driver and in the SMTP dialogue by the Postfix test).
--   miltertest -D sock=inet:PORT@127.0.0.1 -D lib=steps.lua -s rows.lua
dofile(lib)

local rows = {
  { "<kiuchi-tky@umin.ac.jp>",   SMFIR_CONTINUE },   -- live ID
  { "<KIUCHI-TKY@Umin.AC.JP>",   SMFIR_CONTINUE },   -- case does not matter
  { "<kiuchi-tky+news@umin.ac.jp>", SMFIR_CONTINUE },-- +detail of a live ID
  { "<legacy_id@umin.ac.jp>",    SMFIR_CONTINUE },   -- legacy ID in the directory
  { "<old-x@umin.ac.jp>",        SMFIR_CONTINUE },   -- alias in its window: rewritten at EOM
  { "<twohop-x@umin.ac.jp>",     SMFIR_CONTINUE },   -- chain of two
  { "<soc-list@umin.ac.jp>",     SMFIR_CONTINUE },   -- list
  { "<postmaster@umin.ac.jp>",   SMFIR_CONTINUE },   -- passthrough
  { "<someone@example.org>",     SMFIR_CONTINUE },   -- not our domain
  { "<expired-x@umin.ac.jp>",    SMFIR_REPLYCODE },  -- window over: 550 5.1.1
  { "<off-x@umin.ac.jp>",        SMFIR_REPLYCODE },  -- forwarding off: 550 5.1.1
  { "<gone-x@umin.ac.jp>",       SMFIR_REPLYCODE },  -- alias of a deleted ID: 550 5.1.1
  { "<nobody-x@umin.ac.jp>",     SMFIR_REPLYCODE },  -- unknown: 550 5.1.1
  { "<x@umin.ac.jp>",            SMFIR_REPLYCODE },  -- not an ID: 550 5.1.3
  { "<loop-a@umin.ac.jp>",       SMFIR_REPLYCODE },  -- loop: 554 5.4.6
  { "<ch1-x@umin.ac.jp>",        SMFIR_REPLYCODE },  -- chain of 9: 554 5.4.6
}

run(function()
  local conn = connect_milter()
  for _, row in ipairs(rows) do step(conn, "rcpt " .. row[1], mt.rcptto(conn, row[1]), row[2]) end
  mt.disconnect(conn)
end)
