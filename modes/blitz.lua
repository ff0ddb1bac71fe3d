-- BLITZ: several puzzles at once (3 by default). The first player to pass every test of a
-- puzzle claims it and locks its points; nobody else can score it afterwards.
--
-- Standings: most points, then who made their last claim first. The game ends when every
-- puzzle is claimed, or when time is up.

---@type Mode
local mode = {
  name = "BLITZ",
  api = 1,
  title = "Blitz",
  description = table.concat({
    "Several puzzles at once: solve them in any order.",
    "The first player to pass every test of a puzzle claims it and locks its points;",
    "after that nobody else can score it. If two passing submissions race, the one submitted",
    "first wins the claim.",
    "Most points wins; equal points are ranked by who made their last claim first.",
    "The game ends when every puzzle is claimed or time is up.",
    "A player who leaves keeps their claims but ranks below everyone still playing.",
  }, "\n"),
  min_players = 1,
  max_players = 50,
  duration = 900,
  options = {
    count = { type = "integer", default = 3, min = 1, max = 10, doc = "puzzles in a game" },
    points = { type = "integer", default = 100, min = 1, max = 1000, doc = "points a puzzle is worth" },
  },
}

-- As many puzzles as the room asked for.
function mode.puzzles(options, _player_count)
  return options.count or 3
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

-- Points and the time of the last claim per player, computed from the claims (the one source
-- of truth, so a claim taken over by an earlier submission moves its points too).
local function tally(state)
  local points, last = {}, {}
  for _, claim in ipairs(state.claims) do
    if claim.by then
      points[claim.by] = (points[claim.by] or 0) + state.points
      last[claim.by] = math.max(last[claim.by] or 0, claim.at)
    end
  end
  return points, last
end

-- The first puzzle nobody has claimed, or nil.
local function first_open(state)
  for i, claim in ipairs(state.claims) do
    if not claim.by then return i end
  end
  return nil
end

local function name_of(ctx, id)
  local p = ctx.player(id)
  return p and p.name or id
end

-- ---------------------------------------------------------------- handlers

function mode.init(ctx, options)
  local claims = {}
  for i = 1, #ctx.puzzles do claims[i] = { by = false, at = 0 } end
  return { claims = claims, points = options.points or 100, left = {} }
end

function mode.view(state, ctx, player)
  if ctx.now() < 0 then
    return { message = "Get ready: the puzzles appear when the countdown ends.", can_submit = false }
  end
  local puzzles = {}
  for i, puzzle in ipairs(ctx.puzzles) do
    local claim = state.claims[i]
    puzzles[i] = {
      index = i,
      title = puzzle.title,
      statement = puzzle.statement,
      tests = public_tests(puzzle),
      points = state.points,
      solved_by = claim.by and name_of(ctx, claim.by) or nil,
      solved_by_id = claim.by or nil,
    }
  end
  local open = first_open(state)
  return {
    puzzles = puzzles,
    puzzle = open or 1,
    can_run = player ~= nil and open ~= nil,
    can_submit = player ~= nil and open ~= nil,
    message = open and "Claim puzzles before the others do." or "Every puzzle is claimed.",
  }
end

function mode.before_submit(state, ctx, _player, code, info)
  local i = info.puzzle or first_open(state) or 1
  local claim = state.claims[i]
  if not claim then return nil, "There is no puzzle " .. tostring(i) .. "." end
  if claim.by then
    return nil, string.format("Puzzle %d is already claimed by %s.", i, name_of(ctx, claim.by))
  end
  return code, { puzzle = i }
end

function mode.on_result(state, ctx, player, result)
  local claim = state.claims[result.puzzle]
  if not claim or not result.passed then return end
  if claim.by == player.id then return end
  -- a pass claims an open puzzle, or takes it over from a pass submitted later (judging order
  -- is not submission order)
  if claim.by and claim.at <= result.submitted_at then return end
  local previous = claim.by
  claim.by, claim.at = player.id, result.submitted_at
  ctx.broadcast("puzzle_claimed", { puzzle = result.puzzle, player = player.id, points = state.points,
                                    previous = previous or nil })
  ctx.refresh()
  if not first_open(state) then ctx.finish("all_claimed") end
end

function mode.on_leave(state, _ctx, player)
  state.left[player.id] = true
end

function mode.standings(state, ctx)
  local points, last = tally(state)
  local rows = {}
  for _, p in ipairs(ctx.players()) do
    local gone = state.left[p.id] or p.left
    local score = points[p.id] or 0
    local solved = {}
    for i, claim in ipairs(state.claims) do
      if claim.by == p.id then solved[#solved + 1] = "#" .. i end
    end
    local detail = #solved > 0 and ("claimed " .. table.concat(solved, " ") .. ", last at " .. clock(last[p.id]))
      or "no claim yet"
    if gone then detail = detail .. " (left)" end
    rows[#rows + 1] = {
      player = p.id,
      score = score,
      detail = detail,
      index = p.index,
      -- smaller is better: still in first, most points, earliest last claim
      key = { gone and 1 or 0, -score, last[p.id] or math.huge },
    }
  end
  return ranked(rows)
end

return mode
