-- DEBUG: everyone starts from the same broken version of a working solution (the puzzle's
-- starter code) and must fix it.
--
-- Standings: full passes first, by the second of the game in which they came; passes within the
-- same second are ranked by the smallest edit (Levenshtein distance in characters) from the
-- starter of the language used. Players without a full pass follow, by tests passed then time.

---@type Mode
local mode = {
  name = "DEBUG",
  api = 1,
  title = "Debug",
  description = table.concat({
    "You start from a broken program: find the bugs and fix it so that it passes every test.",
    "The first to pass every test wins. Passes within the same second are ranked by the",
    "smallest edit from the starter code (fewest characters inserted, deleted or replaced).",
    "A program in a language without starter code counts as entirely edited.",
    "Without a full pass you rank by tests passed, then time; once you pass you are done.",
    "A player who leaves before passing ranks below everyone still playing.",
  }, "\n"),
  min_players = 1,
  max_players = 50,
  duration = 900,
  puzzles = 1,
  requires_starter = true, -- only puzzles that have a broken starter in some language
}

-- ---------------------------------------------------------------- helpers

-- "1:05.300" for 65300 ms.
local function clock(ms)
  ms = math.floor(ms)
  return string.format("%d:%02d.%03d", ms // 60000, ms // 1000 % 60, ms % 1000)
end

-- The tests a player may see and run against: the puzzle's public tests (its examples when
-- every test is hidden).
local function public_tests(puzzle)
  local shown = {}
  for _, test in ipairs(puzzle.tests or {}) do
    if not test.hidden then shown[#shown + 1] = { input = test.input, output = test.output } end
  end
  if #shown == 0 then
    for _, example in ipairs(puzzle.examples or {}) do
      shown[#shown + 1] = { input = example.input, output = example.output }
    end
  end
  return shown
end

-- Lexicographic comparison of two arrays of numbers (smaller is better): -1, 0 or 1.
local function compare(a, b)
  for i = 1, #a do
    if a[i] ~= b[i] then return a[i] < b[i] and -1 or 1 end
  end
  return 0
end

-- Sorts rows by their `key` (then join order, for a stable display) and gives rows with equal
-- keys the same place: 1, 1, 3.
local function ranked(rows)
  table.sort(rows, function(a, b)
    local ka, kb = a.key, b.key -- compare() inlined: this runs n log n times
    for i = 1, #ka do
      if ka[i] ~= kb[i] then return ka[i] < kb[i] end
    end
    return a.index < b.index
  end)
  for i, row in ipairs(rows) do
    local prev = rows[i - 1]
    row.place = (prev and compare(prev.key, row.key) == 0) and prev.place or i
  end
  for _, row in ipairs(rows) do row.key, row.index = nil, nil end
  return rows
end

-- The record of one player, created on first use: `best`/`best_at` the most tests passed,
-- `done`/`edit` once they passed every test.
local function entry(state, id)
  local e = state.players[id]
  if not e then
    e = { best = 0, done = false, left = false }
    state.players[id] = e
  end
  return e
end

-- The record without creating it (view and standings must not change state).
local NOBODY = { best = 0, done = false, left = false }
local function peek(state, id)
  return state.players[id] or NOBODY
end

-- arena.edit_distance charges the handler's instruction budget for len(a) * len(b) / 16
-- cells (and takes strings up to 64 KiB); past this product (three quarters of the default
-- budget) it is not attempted.
local MAX_EDIT_CELLS = 12000000

-- Whether byte `i` of `s` starts a character (is not a UTF-8 continuation byte).
local function starts_char(s, i)
  local byte = s:byte(i)
  return byte == nil or byte < 0x80 or byte >= 0xC0
end

-- Edit distance in characters between `a` and `b`. Fixes usually touch a small part of the
-- starter, so the common prefix and suffix (found by bisection, cut at character boundaries)
-- are removed first: that leaves the distance unchanged and makes the C computation small.
-- When the differing middles are still too large to compare, their longer length is used (an
-- upper bound: everything in between counts as rewritten).
local function edit_distance(a, b)
  local lo, hi = 0, math.min(#a, #b)
  while lo < hi do
    local mid = (lo + hi + 1) // 2
    if a:sub(1, mid) == b:sub(1, mid) then lo = mid else hi = mid - 1 end
  end
  while lo > 0 and not starts_char(a, lo + 1) do lo = lo - 1 end
  local head = lo
  lo, hi = 0, math.min(#a, #b) - head
  while lo < hi do
    local mid = (lo + hi + 1) // 2
    if a:sub(-mid) == b:sub(-mid) then lo = mid else hi = mid - 1 end
  end
  while lo > 0 and not starts_char(a, #a - lo + 1) do lo = lo - 1 end
  local ma, mb = a:sub(head + 1, #a - lo), b:sub(head + 1, #b - lo)
  if #ma * #mb > MAX_EDIT_CELLS or #ma > 65536 or #mb > 65536 then
    return math.max(utf8.len(ma) or #ma, utf8.len(mb) or #mb)
  end
  return arena.edit_distance(ma, mb)
end

-- Characters changed from the starter of `language`; a language without a starter counts as
-- entirely edited.
local function edit_from_starter(puzzle, language, code, length)
  local starter = puzzle.starters and puzzle.starters[language]
  if not starter then return length end
  return edit_distance(code, starter)
end

-- Ends the game once every player still in it has passed everything.
local function finish_if_all_done(state, ctx)
  local playing = 0
  for _, p in ipairs(ctx.players()) do
    local e = entry(state, p.id)
    if not e.left and not p.left then
      playing = playing + 1
      if not e.done then return end
    end
  end
  if playing > 0 then ctx.finish("all_completed") end
end

-- ---------------------------------------------------------------- handlers

function mode.init(ctx, _options)
  local puzzle = ctx.puzzles[1]
  return { players = {}, total = #(puzzle and puzzle.tests or {}) }
end

function mode.on_join(state, _ctx, player)
  entry(state, player.id)
end

function mode.view(state, ctx, player)
  if ctx.now() < 0 then
    return { message = "Get ready: the broken program appears when the countdown ends.", can_submit = false }
  end
  local puzzle = ctx.puzzles[1]
  local done = player ~= nil and peek(state, player.id).done
  return {
    puzzle = 1,
    title = puzzle.title,
    statement = puzzle.statement,
    tests = public_tests(puzzle),
    starter_code = puzzle.starters or {},
    can_run = player ~= nil and not done,
    can_submit = player ~= nil and not done,
    message = done and "Fixed! Wait for the others."
      or "This program is broken: fix it with as few changes as you can.",
  }
end

function mode.before_submit(state, _ctx, player, code, _info)
  if entry(state, player.id).done then return nil, "You already passed every test." end
  return code, { puzzle = 1 }
end

function mode.on_result(state, ctx, player, result)
  local e = entry(state, player.id)
  if e.done then return end
  state.total = result.tests_total
  if result.passed then
    e.done, e.at = true, result.submitted_at
    e.edit = edit_from_starter(ctx.puzzles[result.puzzle] or ctx.puzzles[1], result.language,
      result.code, result.length)
    ctx.complete(player.id)
    finish_if_all_done(state, ctx)
  elseif result.tests_passed > e.best then
    e.best, e.best_at = result.tests_passed, result.submitted_at
  end
end

function mode.on_leave(state, ctx, player)
  entry(state, player.id).left = true
  finish_if_all_done(state, ctx)
end

function mode.standings(state, ctx)
  local rows = {}
  for _, p in ipairs(ctx.players()) do
    local e = peek(state, p.id)
    local row = { player = p.id, index = p.index }
    if e.done then
      row.score = state.total
      row.detail = string.format("fixed at %s, %d edit%s", clock(e.at), e.edit, e.edit == 1 and "" or "s")
      -- smaller is better: passers first, by second of the pass, then the smallest edit
      row.key = { 0, e.at // 1000, e.edit }
    else
      local gone = e.left or p.left
      row.score = e.best
      row.detail = string.format("%d/%d tests", e.best, state.total) .. (gone and " (left)" or "")
      row.key = { gone and 2 or 1, -e.best, e.best_at or math.huge }
    end
    rows[#rows + 1] = row
  end
  return ranked(rows)
end

return mode
