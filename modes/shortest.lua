-- SHORTEST (code golf): pass every test with the fewest characters.
--
-- A player's best full pass counts (fewest characters, then the earliest such submission).
-- Players without a full pass rank below, by tests passed then time. Submissions stay open
-- until time is up, so everyone may keep shortening their code.

---@type Mode
local mode = {
  name = "SHORTEST",
  api = 1,
  title = "Shortest",
  description = table.concat({
    "Pass every test with the fewest characters of code (counted as you wrote them).",
    "Your shortest passing submission counts; equal lengths are ranked by who submitted first.",
    "You may keep submitting shorter versions until time is up.",
    "Without a full pass you rank below every passer, by tests passed, then time.",
    "A player who leaves without a full pass ranks below everyone still playing.",
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

-- The record of one player, created on first use: `len`/`len_at` the shortest full pass,
-- `best`/`best_at` the most tests passed without one.
local function entry(state, id)
  local e = state.players[id]
  if not e then
    e = { best = 0, left = false }
    state.players[id] = e
  end
  return e
end

-- The record without creating it (view and standings must not change state).
local NOBODY = { best = 0, left = false }
local function peek(state, id)
  return state.players[id] or NOBODY
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
  local e = player and peek(state, player.id) or NOBODY
  return {
    puzzle = 1,
    title = puzzle.title,
    statement = puzzle.statement,
    tests = public_tests(puzzle),
    can_run = player ~= nil,
    can_submit = player ~= nil,
    message = e.len and string.format("Your best: %d characters. Can you go shorter?", e.len)
      or "Pass every test with as few characters as you can.",
  }
end

function mode.before_submit(_state, _ctx, _player, code, _info)
  return code, { puzzle = 1 }
end

function mode.on_result(state, ctx, player, result)
  local e = entry(state, player.id)
  state.total = result.tests_total
  if result.passed then
    if not e.len then ctx.complete(player.id) end
    if not e.len or result.length < e.len then
      e.len, e.len_at = result.length, result.submitted_at
      ctx.send(player.id, "new_best", { length = result.length })
    end
  elseif result.tests_passed > e.best then
    e.best, e.best_at = result.tests_passed, result.submitted_at
  end
end

function mode.on_leave(state, _ctx, player)
  entry(state, player.id).left = true
end

function mode.standings(state, ctx)
  local rows = {}
  for _, p in ipairs(ctx.players()) do
    local e = peek(state, p.id)
    local gone = (e.left or p.left) and not e.len
    local row = { player = p.id, index = p.index }
    if e.len then
      row.score = e.len
      row.detail = string.format("%d chars at %s", e.len, clock(e.len_at))
      -- smaller is better: passers first, fewest characters, earliest
      row.key = { 0, 0, e.len, e.len_at }
    else
      row.score = 0
      row.detail = string.format("no full pass (%d/%d tests)", e.best, state.total)
      if gone then row.detail = row.detail .. " (left)" end
      row.key = { gone and 2 or 1, -e.best, e.best_at or math.huge, 0 }
    end
    rows[#rows + 1] = row
  end
  return ranked(rows)
end

return mode
