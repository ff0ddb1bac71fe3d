-- BATTLE_ROYALE: rounds with a new puzzle each (players - 1 puzzles). At the end of each round
-- the lowest scorer of that round is eliminated, until one player remains.
--
-- A round ends when its timer runs out (`round_seconds`, 180 by default) or as soon as every
-- player still in has passed its puzzle. A round's score: tests passed on that round's puzzle,
-- then who reached it first. Ties at the bottom are all eliminated, unless that would
-- eliminate everyone (then nobody is). Standings: players still in (by this round's score),
-- then the eliminated, the later out the better.

---@type Mode
local mode = {
  name = "BATTLE_ROYALE",
  api = 1,
  title = "Battle royale",
  description = table.concat({
    "Rounds with a new puzzle each. At the end of every round the player with the lowest score",
    "on that round's puzzle is eliminated: fewest tests passed, and among equals whoever got",
    "there last. A round ends when its time runs out or when everyone still in has passed.",
    "Players tied exactly at the bottom are all eliminated, unless that would leave nobody.",
    "The last player standing wins. If time runs out first, the players still in are ranked",
    "by their score in the current round. Leaving counts as being eliminated.",
  }, "\n"),
  min_players = 2,
  max_players = 50,
  duration = 3600,
  options = {
    round_seconds = { type = "integer", default = 180, min = 30, max = 1800,
                      doc = "seconds a round lasts at most" },
  },
}

-- One puzzle per round; with n players at most n - 1 rounds are needed.
function mode.puzzles(_options, player_count)
  return math.max(1, player_count - 1)
end

-- ---------------------------------------------------------------- helpers

-- "1:05.300" for 65300 ms.
local function clock(ms)
  ms = math.floor(ms)
  return string.format("%d:%02d.%03d", ms // 60000, ms // 1000 % 60, ms % 1000)
end

-- The tests of a puzzle a player may see: its public tests (its examples if all are hidden).
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

-- The record of one player, created on first use: `alive` until eliminated or gone; this
-- round's `tests`/`at`/`passed`; `out_round` the round they went out in.
local function entry(state, id)
  local e = state.players[id]
  if not e then
    e = { alive = true, left = false, tests = 0, passed = false, survived = 0 }
    state.players[id] = e
  end
  return e
end

-- The record without creating it (view and standings must not change state).
local NOBODY = { alive = true, left = false, tests = 0, passed = false, survived = 0 }
local function peek(state, id)
  return state.players[id] or NOBODY
end

-- The players still in, in join order.
local function alive_players(state, ctx)
  local alive = {}
  for _, p in ipairs(ctx.players()) do
    if entry(state, p.id).alive then alive[#alive + 1] = p end
  end
  return alive
end

-- A round score as a key: smaller is better (most tests, then earliest).
local function round_key(e)
  return { -e.tests, e.tests > 0 and e.at or math.huge }
end

local function start_round(state, ctx, round)
  state.round = round
  state.round_ends_at = ctx.now() + state.round_seconds * 1000
  for _, p in ipairs(alive_players(state, ctx)) do
    local e = entry(state, p.id)
    e.tests, e.at, e.passed = 0, nil, false
  end
  -- the tag names the round so that the timer of a round that ended early is ignored
  ctx.after(state.round_seconds, "round:" .. round)
  ctx.broadcast("round_started", { round = round, puzzle = round, seconds = state.round_seconds })
  ctx.refresh()
end

-- Ends the current round: eliminates the lowest scorers, then starts the next round or ends
-- the game.
local function end_round(state, ctx)
  local round = state.round
  local alive = alive_players(state, ctx)
  local worst, losers = nil, {}
  for _, p in ipairs(alive) do
    local key = round_key(entry(state, p.id))
    local c = worst and compare(key, worst) or 1
    if c > 0 then
      worst, losers = key, { p }
    elseif c == 0 then
      losers[#losers + 1] = p
    end
  end
  local eliminated = {}
  if #losers < #alive then
    for _, p in ipairs(losers) do
      local e = entry(state, p.id)
      e.alive, e.out_round, e.out_how = false, round, "eliminated"
      eliminated[#eliminated + 1] = p.id
      ctx.eliminate(p.id, string.format("lowest score in round %d", round))
    end
  end
  for _, p in ipairs(alive) do
    local e = entry(state, p.id)
    if e.alive then e.survived = e.survived + 1 end
  end
  ctx.broadcast("round_ended", { round = round, eliminated = eliminated })
  if #alive - #eliminated <= 1 then
    state.over = true
    ctx.finish("last_one_standing")
  elseif round >= #ctx.puzzles then
    state.over = true
    ctx.finish("out_of_puzzles")
  else
    start_round(state, ctx, round + 1)
  end
end

-- Ends the round early once every player still in has passed its puzzle.
local function end_round_if_all_passed(state, ctx)
  local alive = alive_players(state, ctx)
  for _, p in ipairs(alive) do
    if not entry(state, p.id).passed then return end
  end
  if #alive > 0 then end_round(state, ctx) end
end

-- ---------------------------------------------------------------- handlers

function mode.init(_ctx, options)
  return { players = {}, round = 0, over = false, round_seconds = options.round_seconds or 180 }
end

function mode.on_join(state, _ctx, player)
  entry(state, player.id)
end

function mode.on_start(state, ctx)
  start_round(state, ctx, 1)
end

function mode.on_timer(state, ctx, tag)
  if not state.over and tag == "round:" .. state.round then end_round(state, ctx) end
end

function mode.view(state, ctx, player)
  local puzzle = ctx.puzzles[state.round]
  if ctx.now() < 0 or not puzzle then
    return { message = "Get ready: round 1 starts when the countdown ends.", can_submit = false }
  end
  local e = player and peek(state, player.id) or NOBODY
  local playing = player ~= nil and e.alive and not e.passed and not state.over
  local view = {
    round = state.round,
    round_ends_ms = state.round_ends_at,
    puzzle = state.round,
    title = puzzle.title,
    statement = puzzle.statement,
    tests = public_tests(puzzle),
    can_run = playing,
    can_submit = playing,
  }
  local still_in = 0
  for _, p in ipairs(ctx.players()) do
    if peek(state, p.id).alive then still_in = still_in + 1 end
  end
  view.players_in = still_in
  if player == nil then
    view.message = string.format("Round %d", state.round)
  elseif not e.alive then
    view.message = string.format("You are out (round %d). Watch the others.", e.out_round or state.round)
  elseif state.over then
    view.message = "The game is over."
  elseif e.passed then
    view.message = "You passed this round. Wait for the next one."
  else
    view.message = string.format("Round %d: do not finish last.", state.round)
  end
  return view
end

function mode.before_submit(state, _ctx, player, code, _info)
  local e = entry(state, player.id)
  if not e.alive then return nil, "You are out of the game." end
  if e.passed then return nil, "You already passed this round." end
  return code, { puzzle = state.round } -- always this round's puzzle
end

function mode.before_run(state, _ctx, _player, code, _info)
  return code, { puzzle = state.round }
end

function mode.on_result(state, ctx, player, result)
  local e = entry(state, player.id)
  -- a result for an earlier round (judged after it ended) no longer counts
  if state.over or result.puzzle ~= state.round or not e.alive or e.passed then return end
  if result.tests_passed > e.tests then e.tests, e.at = result.tests_passed, result.submitted_at end
  if result.passed then
    e.passed = true
    ctx.send(player.id, "round_passed", { round = state.round })
    end_round_if_all_passed(state, ctx)
  end
end

function mode.on_leave(state, ctx, player)
  local e = entry(state, player.id)
  e.left = true
  if not e.alive then return end
  e.alive, e.out_round, e.out_how = false, state.round, "left"
  if state.round == 0 then return end -- still counting down: nothing to end yet
  if state.over then return end
  if #alive_players(state, ctx) <= 1 then
    state.over = true
    ctx.finish("last_one_standing")
  else
    end_round_if_all_passed(state, ctx)
  end
end

function mode.standings(state, ctx)
  local rows = {}
  for _, p in ipairs(ctx.players()) do
    local e = peek(state, p.id)
    local row = { player = p.id, score = e.survived, index = p.index }
    if e.alive then
      row.detail = string.format("in, round %d: %d tests", state.round, e.tests)
        .. (e.passed and (" (passed at " .. clock(e.at) .. ")") or "")
      -- smaller is better: still in first, by this round's score
      local key = round_key(e)
      row.key = { 0, key[1], key[2] }
    else
      row.detail = string.format("%s in round %d", e.out_how or "out", e.out_round or 0)
      -- the later out the better; at the same round, eliminated before left
      row.key = { 1, -(e.out_round or 0), e.out_how == "left" and 1 or 0 }
    end
    rows[#rows + 1] = row
  end
  return ranked(rows)
end

return mode
