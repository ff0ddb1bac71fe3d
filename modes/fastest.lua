-- FASTEST: the first player to pass every test wins.
--
-- Standings: most tests passed (best submission), then who reached that count first.
-- A player who passes everything is completed; the game ends when every player still in it
-- has completed, or when time is up.

---@type Mode
local mode = {
  name = "FASTEST",
  api = 1,
  title = "Fastest",
  description = table.concat({
    "Pass every test before the others.",
    "Standings: most tests passed by your best submission, then who got there first.",
    "Once you pass every test you are done; the game ends when everyone is done or time is up.",
    "A player who leaves before passing ranks below everyone still playing.",
  }, "\n"),
  min_players = 1,
  max_players = 50,
  duration = 900,
  puzzles = 1,
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

-- The record of one player, created on first use.
local function entry(state, id)
  local e = state.players[id]
  if not e then
    e = { best = 0, done = false, left = false }
    state.players[id] = e
  end
  return e
end

-- The record of one player without creating it (view and standings must not change state).
local NOBODY = { best = 0, done = false, left = false }
local function peek(state, id)
  return state.players[id] or NOBODY
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
    return { message = "Get ready: the puzzle appears when the countdown ends.", can_submit = false }
  end
  local puzzle = ctx.puzzles[1]
  local done = player ~= nil and peek(state, player.id).done
  return {
    puzzle = 1,
    title = puzzle.title,
    statement = puzzle.statement,
    tests = public_tests(puzzle),
    can_run = player ~= nil and not done,
    can_submit = player ~= nil and not done,
    message = done and "You passed every test. Wait for the others." or nil,
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
  if result.tests_passed > e.best then
    e.best, e.best_at = result.tests_passed, result.submitted_at
  end
  if result.passed then
    e.done, e.best_at = true, result.submitted_at
    ctx.complete(player.id)
    finish_if_all_done(state, ctx)
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
    local gone = (e.left or p.left) and not e.done
    local detail = string.format("%d/%d tests", e.best, state.total)
    if e.best_at then detail = detail .. " at " .. clock(e.best_at) end
    if gone then detail = detail .. " (left)" end
    rows[#rows + 1] = {
      player = p.id,
      score = e.best,
      detail = detail,
      index = p.index,
      -- smaller is better: players still in first, most tests, earliest time
      key = { gone and 1 or 0, -e.best, e.best_at or math.huge },
    }
  end
  return ranked(rows)
end

return mode
