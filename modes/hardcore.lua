-- HARDCORE: no test cases shown, no runs against examples, one submission only.
--
-- Each player's single submission is final: standings by tests passed, then submission time.
-- The game ends once every player still in it has been judged, or when time is up.

---@type Mode
local mode = {
  name = "HARDCORE",
  api = 1,
  title = "Hardcore",
  description = table.concat({
    "No test cases are shown and you cannot run your code against examples.",
    "You get exactly one submission: make it count.",
    "Standings: tests passed by your submission, then who submitted first.",
    "The game ends when everyone has submitted or time is up; not submitting scores nothing.",
    "A player who leaves before submitting ranks below everyone still playing.",
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

-- The record of one player, created on first use: `submitted` once their one submission is
-- accepted, `judged` once its result is in.
local function entry(state, id)
  local e = state.players[id]
  if not e then
    e = { submitted = false, judged = false, tests = 0, left = false }
    state.players[id] = e
  end
  return e
end

-- The record without creating it (view and standings must not change state).
local NOBODY = { submitted = false, judged = false, tests = 0, left = false }
local function peek(state, id)
  return state.players[id] or NOBODY
end

-- Ends the game once every player still in it has been judged.
local function finish_if_all_judged(state, ctx)
  local playing = 0
  for _, p in ipairs(ctx.players()) do
    local e = entry(state, p.id)
    if not e.left and not p.left then
      playing = playing + 1
      if not e.judged then return end
    end
  end
  if playing > 0 then ctx.finish("all_submitted") end
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
  local used = player ~= nil and peek(state, player.id).submitted
  return {
    puzzle = 1,
    title = puzzle.title,
    statement = puzzle.statement,
    tests = {}, -- none shown, not even the examples
    can_run = false,
    can_submit = player ~= nil and not used,
    submissions_left = used and 0 or 1,
    message = used and "Your one submission is in." or "One submission, no tests, no runs.",
  }
end

function mode.before_run(_state, _ctx, _player, _code, _info)
  return nil, "HARDCORE: no runs against examples."
end

function mode.before_submit(state, _ctx, player, code, _info)
  local e = entry(state, player.id)
  if e.submitted then return nil, "HARDCORE: you already used your one submission." end
  e.submitted = true
  return code, { puzzle = 1 }
end

function mode.on_result(state, ctx, player, result)
  local e = entry(state, player.id)
  if e.judged then return end
  e.judged, e.tests, e.at = true, result.tests_passed, result.submitted_at
  state.total = result.tests_total
  if result.passed then ctx.complete(player.id) end
  finish_if_all_judged(state, ctx)
end

function mode.on_leave(state, ctx, player)
  entry(state, player.id).left = true
  finish_if_all_judged(state, ctx)
end

function mode.standings(state, ctx)
  local rows = {}
  for _, p in ipairs(ctx.players()) do
    local e = peek(state, p.id)
    local gone = (e.left or p.left) and not e.judged
    local detail
    if e.judged then
      detail = string.format("%d/%d tests, submitted at %s", e.tests, state.total, clock(e.at))
    elseif e.submitted then
      detail = "judging..."
    else
      detail = "not submitted"
    end
    if gone then detail = detail .. " (left)" end
    rows[#rows + 1] = {
      player = p.id,
      score = e.tests,
      detail = detail,
      index = p.index,
      -- smaller is better: still in first, most tests, earliest (time counts only with a test)
      key = { gone and 1 or 0, -e.tests, e.tests > 0 and e.at or math.huge },
    }
  end
  return ranked(rows)
end

return mode
