-- INCREMENTAL: the tests unlock over time: one at the start, another every `unlock_every`
-- seconds (60 by default).
--
-- A submission scores the tests it passes among those unlocked when it is judged; each
-- player's best score is kept. Standings: best score, then who reached it first. Passing every
-- test once all are unlocked completes a player; the game ends when everyone still in it has
-- completed, or when time is up.

---@type Mode
local mode = {
  name = "INCREMENTAL",
  api = 1,
  title = "Incremental",
  description = table.concat({
    "The tests unlock one by one: one at the start, then another at a steady pace.",
    "Unlocked public tests are shown to you; unlocked hidden tests count without being shown.",
    "A submission scores the unlocked tests it passes (counted when it is judged); your best",
    "score counts. Standings: best score, then who reached it first.",
    "Partial solutions score: submit early, then again as new tests unlock.",
    "Pass every test once all are unlocked and you are done.",
    "A player who leaves before that ranks below everyone still playing.",
  }, "\n"),
  min_players = 1,
  max_players = 50,
  duration = 900,
  puzzles = 1,
  options = {
    unlock_every = { type = "integer", default = 60, min = 10, max = 600,
                     doc = "seconds between two test unlocks" },
  },
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

-- The record of one player, created on first use.
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

-- Schedules the next unlock if tests remain locked.
local function schedule_unlock(state, ctx)
  if state.unlocked < state.total then
    state.next_unlock_at = ctx.now() + state.every * 1000
    ctx.after(state.every, "unlock")
  else
    state.next_unlock_at = nil
  end
end

-- The unlocked tests a player may see and run against: the puzzle's public ones in full; a
-- hidden test counts once unlocked but its content stays hidden.
local function unlocked_tests(state, puzzle)
  local shown = {}
  for i = 1, state.unlocked do
    local test = puzzle.tests[i]
    if test and not test.hidden then shown[#shown + 1] = { input = test.input, output = test.output } end
  end
  return shown
end

-- ---------------------------------------------------------------- handlers

function mode.init(ctx, options)
  local puzzle = ctx.puzzles[1]
  return { players = {}, total = #(puzzle and puzzle.tests or {}), unlocked = 0,
           every = options.unlock_every or 60 }
end

function mode.on_join(state, _ctx, player)
  entry(state, player.id)
end

function mode.on_start(state, ctx)
  state.unlocked = math.min(1, state.total)
  schedule_unlock(state, ctx)
  ctx.broadcast("tests_unlocked", { unlocked = state.unlocked, total = state.total })
end

function mode.on_timer(state, ctx, tag)
  if tag ~= "unlock" or state.unlocked >= state.total then return end
  state.unlocked = state.unlocked + 1
  schedule_unlock(state, ctx)
  ctx.broadcast("tests_unlocked", { unlocked = state.unlocked, total = state.total })
  ctx.refresh()
end

function mode.view(state, ctx, player)
  if ctx.now() < 0 then
    return { message = "Get ready: the puzzle appears when the countdown ends.", can_submit = false }
  end
  local puzzle = ctx.puzzles[1]
  local done = player ~= nil and peek(state, player.id).done
  local view = {
    puzzle = 1,
    title = puzzle.title,
    statement = puzzle.statement,
    tests = unlocked_tests(state, puzzle),
    unlocked = state.unlocked,
    tests_total = state.total,
    can_run = player ~= nil and not done,
    can_submit = player ~= nil and not done,
  }
  if done then
    view.message = "You passed every test. Wait for the others."
  elseif state.next_unlock_at then
    view.next_unlock_ms = state.next_unlock_at
    view.message = string.format("%d of %d tests unlocked; the next one at %s.", state.unlocked,
      state.total, clock(state.next_unlock_at))
  else
    view.message = string.format("All %d tests are unlocked.", state.total)
  end
  return view
end

function mode.before_submit(state, _ctx, player, code, _info)
  if entry(state, player.id).done then return nil, "You already passed every test." end
  return code, { puzzle = 1 }
end

function mode.on_result(state, ctx, player, result)
  local e = entry(state, player.id)
  if e.done then return end
  -- the score counts only the tests unlocked now, when the submission is judged
  local score = 0
  for i = 1, math.min(state.unlocked, #result.tests) do
    if result.tests[i] then score = score + 1 end
  end
  if score > e.best then e.best, e.best_at = score, result.submitted_at end
  if result.passed and state.unlocked >= state.total then
    e.done = true
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
    local detail = string.format("%d/%d tests (%d unlocked)", e.best, state.total, state.unlocked)
    if e.best_at then detail = detail .. " at " .. clock(e.best_at) end
    if gone then detail = detail .. " (left)" end
    rows[#rows + 1] = {
      player = p.id,
      score = e.best,
      detail = detail,
      index = p.index,
      -- smaller is better: still in first, best score, earliest
      key = { gone and 1 or 0, -e.best, e.best_at or math.huge },
    }
  end
  return ranked(rows)
end

return mode
