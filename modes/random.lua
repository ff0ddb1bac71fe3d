-- RANDOM: resolves to one of the other single-puzzle modes when the game is created (drawn
-- with the game's seeded ctx.random, so a replayed game draws the same), announces it, then
-- plays by its rules.
--
-- A mode file cannot load another, so the rules of the modes it may draw are restated here as
-- a compact table of variants over one shared engine: what the view hides, how the code is
-- transformed, how many submissions are allowed, and how standings are ordered ("first" to
-- pass, "shortest", "efficiency"). Modes that need something a single-puzzle game created for
-- RANDOM cannot promise (several puzzles: BLITZ, BATTLE_ROYALE; live typing: TYPERACER; test
-- unlocking timers: INCREMENTAL) are not in the draw. DEBUG is drawn only when the puzzle has
-- starter code.

---@type Mode
local mode = {
  name = "RANDOM",
  api = 1,
  title = "Random",
  description = table.concat({
    "A surprise: when the game starts, one of these modes is drawn at random and announced:",
    "FASTEST, SHORTEST, BACKWARDS, REVERSE, HARDCORE, EFFICIENCY, or DEBUG (when the puzzle",
    "has starter code). The game then plays by that mode's rules, shown in your view.",
  }, "\n"),
  min_players = 1,
  max_players = 50,
  duration = 900,
  puzzles = 1,
  options = {
    modes = { type = "string", default = "FASTEST,SHORTEST,BACKWARDS,REVERSE,HARDCORE,EFFICIENCY,DEBUG",
              doc = "comma-separated modes to draw from (unknown names are ignored)" },
  },
}

-- The modes RANDOM can play, as rule variants. rank: "first" (most tests, then earliest; a
-- full pass ends your game), "shortest" (fewest characters), "efficiency" (least CPU time).
local VARIANTS = {
  FASTEST = {
    title = "Fastest", rank = "first",
    rules = "Pass every test before the others. Standings: tests passed, then time.",
  },
  SHORTEST = {
    title = "Shortest", rank = "shortest",
    rules = "Pass every test with the fewest characters; equal lengths by time. Keep improving until time is up.",
  },
  BACKWARDS = {
    title = "Backwards", rank = "first", backwards = true,
    rules = "Write your program backwards: it is reversed character by character before it runs. "
      .. "Pass every test before the others.",
  },
  REVERSE = {
    title = "Reverse", rank = "first", hide_statement = true,
    rules = "The statement is hidden: deduce the task from the inputs and outputs, then pass every test first.",
  },
  HARDCORE = {
    title = "Hardcore", rank = "first", hide_tests = true, one_submission = true,
    rules = "No tests shown, no runs, one submission only. Standings: tests passed, then time.",
  },
  EFFICIENCY = {
    title = "Efficiency", rank = "efficiency",
    rules = "Pass every test with the least total CPU time; ties by peak memory, then time.",
  },
  DEBUG = {
    title = "Debug", rank = "first", starter = true,
    rules = "Fix the broken starter code. First to pass wins; passes in the same second are ranked by "
      .. "the smallest edit from the starter.",
  },
}
local DRAW_ORDER = { "FASTEST", "SHORTEST", "BACKWARDS", "REVERSE", "HARDCORE", "EFFICIENCY", "DEBUG" }

-- ---------------------------------------------------------------- helpers

-- "1:05.300" for 65300 ms.
local function clock(ms)
  ms = math.floor(ms)
  return string.format("%d:%02d.%03d", ms // 60000, ms // 1000 % 60, ms % 1000)
end

-- The tests a player may see: the puzzle's public tests (its examples when all are hidden).
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

-- The modes of the option's list that this game can play, in the fixed draw order.
local function candidates(list, puzzle)
  local wanted = {}
  for word in (list or ""):gmatch("[%w_]+") do wanted[word:upper()] = true end
  local out = {}
  for _, name in ipairs(DRAW_ORDER) do
    local playable = not VARIANTS[name].starter or next(puzzle and puzzle.starters or {}) ~= nil
    if wanted[name] and playable then out[#out + 1] = name end
  end
  return out
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

-- The record of one player, created on first use: `best`/`best_at` most tests passed and
-- when; `done` after a full pass in a "first" variant; `len`, `cpu`/`mem` the best full pass
-- in the "shortest" and "efficiency" variants; `used` submissions made.
local function entry(state, id)
  local e = state.players[id]
  if not e then
    e = { best = 0, done = false, judged = false, used = 0, left = false }
    state.players[id] = e
  end
  return e
end

-- The record without creating it (view and standings must not change state).
local NOBODY = { best = 0, done = false, judged = false, used = 0, left = false }
local function peek(state, id)
  return state.players[id] or NOBODY
end

-- Whether a player has nothing left to do: passed (a "first" variant) or used their one
-- submission (HARDCORE, once judged).
local function finished(variant, e)
  return e.done or (variant.one_submission and e.judged)
end

-- Ends the game once every player still in it is finished ("first" variants only: in the
-- others everyone may keep improving until time is up).
local function finish_if_all_done(state, ctx)
  local variant = VARIANTS[state.variant]
  if variant.rank ~= "first" then return end
  local playing = 0
  for _, p in ipairs(ctx.players()) do
    local e = entry(state, p.id)
    if not e.left and not p.left then
      playing = playing + 1
      if not finished(variant, e) then return end
    end
  end
  if playing > 0 then ctx.finish("all_completed") end
end

local function announcement(state)
  local variant = VARIANTS[state.variant]
  return { mode = state.variant, title = variant.title, rules = variant.rules }
end

-- ---------------------------------------------------------------- handlers

function mode.init(ctx, options)
  local puzzle = ctx.puzzles[1]
  local pool = candidates(options.modes, puzzle)
  -- the draw uses the game's seeded generator: the same game always resolves the same way
  local chosen = #pool > 0 and pool[ctx.random(#pool)] or "FASTEST"
  return { variant = chosen, players = {}, total = #(puzzle and puzzle.tests or {}) }
end

function mode.on_join(state, _ctx, player)
  entry(state, player.id)
end

function mode.on_start(state, ctx)
  ctx.broadcast("mode_resolved", announcement(state))
end

function mode.view(state, ctx, player)
  local variant = VARIANTS[state.variant]
  local view = { resolved_mode = announcement(state) }
  if ctx.now() < 0 then
    view.message = string.format("This game plays as %s: %s", state.variant, variant.rules)
    view.can_submit = false
    return view
  end
  local puzzle = ctx.puzzles[1]
  local e = player and peek(state, player.id) or NOBODY
  local open = player ~= nil and not finished(variant, e) and not (variant.one_submission and e.used > 0)
  view.puzzle = 1
  view.title = variant.hide_statement and "Find the rule" or puzzle.title
  view.statement = not variant.hide_statement and puzzle.statement or nil
  view.tests = variant.hide_tests and {} or public_tests(puzzle)
  view.starter_code = variant.starter and (puzzle.starters or {}) or nil
  view.can_run = open and not variant.hide_tests
  view.can_submit = open
  view.submissions_left = variant.one_submission and (1 - e.used) or nil
  view.message = string.format("%s: %s", state.variant, variant.rules)
  return view
end

-- The code to judge: BACKWARDS reverses it (and shows the player what will run).
local function code_to_run(variant, ctx, player, code)
  if not variant.backwards then return code end
  local reversed = arena.reverse(code)
  ctx.send(player.id, "code_reversed", { code = reversed })
  return reversed
end

function mode.before_run(state, ctx, player, code, _info)
  local variant = VARIANTS[state.variant]
  if variant.hide_tests then return nil, "HARDCORE: no runs against examples." end
  return code_to_run(variant, ctx, player, code), { puzzle = 1 }
end

function mode.before_submit(state, ctx, player, code, _info)
  local variant = VARIANTS[state.variant]
  local e = entry(state, player.id)
  if e.done and variant.rank == "first" then return nil, "You already passed every test." end
  if variant.one_submission and e.used > 0 then
    return nil, "HARDCORE: you already used your one submission."
  end
  e.used = e.used + 1
  return code_to_run(variant, ctx, player, code), { puzzle = 1 }
end

function mode.on_result(state, ctx, player, result)
  local variant = VARIANTS[state.variant]
  local e = entry(state, player.id)
  if e.done and variant.rank == "first" then return end
  e.judged = true
  state.total = result.tests_total
  if result.tests_passed > e.best then e.best, e.best_at = result.tests_passed, result.submitted_at end
  if result.passed then
    if not e.done then
      e.done, e.at = true, result.submitted_at
      if variant.starter then
        local starter = ctx.puzzles[1].starters and ctx.puzzles[1].starters[result.language]
        -- no starter in that language: entirely edited
        e.edit = starter and edit_distance(result.code, starter) or result.length
      end
      ctx.complete(player.id)
    end
    if not e.len or result.length < e.len then e.len, e.len_at = result.length, result.submitted_at end
    if not e.cpu or result.cpu_ms < e.cpu or (result.cpu_ms == e.cpu and result.memory_kb < e.mem) then
      e.cpu, e.mem, e.cpu_at = result.cpu_ms, result.memory_kb, result.submitted_at
    end
  end
  finish_if_all_done(state, ctx)
end

function mode.on_leave(state, ctx, player)
  entry(state, player.id).left = true
  finish_if_all_done(state, ctx)
end

-- A standings row for one player under the drawn variant; key: smaller is better.
local function row_for(variant, state, e, gone)
  if variant.rank == "shortest" and e.len then
    return e.len, string.format("%d chars at %s", e.len, clock(e.len_at)), { 0, e.len, e.len_at, 0 }
  elseif variant.rank == "efficiency" and e.cpu then
    return e.cpu, string.format("%d ms CPU, %d KB at %s", math.floor(e.cpu), math.floor(e.mem), clock(e.cpu_at)),
      { 0, e.cpu, e.mem, e.cpu_at }
  elseif variant.rank == "first" and e.done then
    if variant.starter then
      return e.best, string.format("fixed at %s, %d edit%s", clock(e.at), e.edit, e.edit == 1 and "" or "s"),
        { 0, -e.best, e.at // 1000, e.edit }
    end
    return e.best, string.format("%d/%d tests at %s", e.best, state.total, clock(e.at)), { 0, -e.best, e.at, 0 }
  end
  local detail = string.format("%d/%d tests", e.best, state.total)
  if gone then detail = detail .. " (left)" end
  return (variant.rank == "first") and e.best or 0, detail, { gone and 2 or 1, -e.best, e.best_at or math.huge, 0 }
end

function mode.standings(state, ctx)
  local variant = VARIANTS[state.variant]
  local rows = {}
  for _, p in ipairs(ctx.players()) do
    local e = peek(state, p.id)
    local gone = (e.left or p.left) and not e.done
    local score, detail, key = row_for(variant, state, e, gone)
    rows[#rows + 1] = { player = p.id, score = score, detail = detail, key = key, index = p.index }
  end
  return ranked(rows)
end

return mode
