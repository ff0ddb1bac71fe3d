-- TYPERACER: a working solution of the puzzle is shown and must be typed exactly.
--
-- Progress comes from live typing (on_code, at most 5 updates a second per player): the
-- correct prefix, the speed in characters per minute and an accuracy. The first exact copy
-- completes and wins; the others keep racing for places until everyone is done or time is up.
-- Nothing is judged: submissions and runs are refused.

---@type Mode
local mode = {
  name = "TYPERACER",
  api = 1,
  title = "Type racer",
  description = table.concat({
    "A working solution is shown: type it exactly, character for character, in the editor.",
    "Your progress is the correct part from the start of your text; a wrong character stops it",
    "until you fix it. Speed is correct characters per minute; accuracy falls with every typo.",
    "The first exact copy wins (trailing spaces and line-ending style do not matter);",
    "the others are ranked by when they finish, or by how far they got when time is up.",
    "Nothing to submit or run: your text completes by itself when it matches.",
  }, "\n"),
  min_players = 1,
  max_players = 50,
  duration = 300,
  puzzles = 1,
}

-- How often one player's progress is broadcast at most (the standings carry it anyway).
local PROGRESS_EVERY_MS = 1000

-- ---------------------------------------------------------------- helpers

-- "1:05.300" for 65300 ms.
local function clock(ms)
  ms = math.floor(ms)
  return string.format("%d:%02d.%03d", ms // 60000, ms // 1000 % 60, ms % 1000)
end

-- Unix line endings, no trailing white space at the end of the text or of any line.
local function normalized(text)
  return (text:gsub("\r\n?", "\n"):gsub("[ \t]+\n", "\n"):gsub("%s+$", ""))
end

-- The text to type: the puzzle's solution, normalized.
local function target_of(ctx)
  local solution = ctx.puzzles[1] and ctx.puzzles[1].solution
  return normalized(solution and solution.code or "")
end

-- Characters (UTF-8) of `s`, or its bytes when it is not valid UTF-8.
local function chars(s)
  return utf8.len(s) or #s
end

-- Bytes of the longest common prefix of `a` and `b`, found by bisection over string.sub
-- comparisons (O(n log n) in C, a few dozen Lua steps), backed up to a character boundary.
local function common_prefix(a, b)
  local lo, hi = 0, math.min(#a, #b)
  while lo < hi do
    local mid = (lo + hi + 1) // 2
    if a:sub(1, mid) == b:sub(1, mid) then lo = mid else hi = mid - 1 end
  end
  -- do not count a multibyte character of which only the first bytes match
  while lo > 0 and lo < #b do
    local next_byte = b:byte(lo + 1)
    if next_byte < 0x80 or next_byte >= 0xC0 then break end
    lo = lo - 1
  end
  return lo
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

-- The record of one player, created on first use: `correct` characters of the target typed
-- right from the start, `typos` how often a wrong character appeared after them, `best` the
-- most correct characters so far and `best_at` when, `done_at` the exact copy's time.
local function entry(state, id)
  local e = state.players[id]
  if not e then
    e = { correct = 0, best = 0, typos = 0, wrong = 0, cpm = 0, accuracy = 100, done = false,
          left = false, shown_at = -PROGRESS_EVERY_MS, shown_cpm = 0, shown_accuracy = 100 }
    state.players[id] = e
  end
  return e
end

-- The record without creating it (view and standings must not change state).
local NOBODY = { correct = 0, best = 0, typos = 0, wrong = 0, cpm = 0, accuracy = 100, done = false,
                 left = false, shown_cpm = 0, shown_accuracy = 100 }
local function peek(state, id)
  return state.players[id] or NOBODY
end

-- Ends the game once every player still in it has finished typing.
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

-- Compares a player's text with the target: whether it is an exact copy, and how many
-- characters are right from the start and follow after them.
local function measure(code, target, total)
  -- only the part that could match matters; cutting keeps a huge paste cheap and inside the
  -- sandbox's pattern-matching limit
  code = code:sub(1, #target + 1024):gsub("\r\n?", "\n")
  if normalized(code) == target then return true, total, 0 end
  local correct = chars(target:sub(1, common_prefix(code, target)))
  return false, correct, chars(code) - correct
end

-- Tells everyone how a player is doing. The standings show these values too (not the live
-- ones), so that they change at most once a second per player, like the progress events.
local function show_progress(state, ctx, id, e, now)
  e.shown_at, e.shown_cpm, e.shown_accuracy = now, e.cpm, e.accuracy
  ctx.broadcast("typing_progress", {
    player = id, correct = e.correct, total = state.total,
    percent = math.floor(100 * e.correct / state.total), cpm = e.cpm, accuracy = e.accuracy,
    done = e.done,
  })
end

-- ---------------------------------------------------------------- handlers

function mode.init(ctx, _options)
  local target = target_of(ctx)
  return { players = {}, total = chars(target), winner = nil }
end

function mode.on_join(state, _ctx, player)
  entry(state, player.id)
end

function mode.view(state, ctx, player)
  if ctx.now() < 0 then
    return { message = "Get ready: the text appears when the countdown ends.", can_submit = false,
             can_run = false }
  end
  local puzzle = ctx.puzzles[1]
  local e = player and peek(state, player.id) or NOBODY
  local view = {
    puzzle = 1,
    title = puzzle.title,
    target_text = target_of(ctx),
    language = puzzle.solution and puzzle.solution.language or nil,
    can_run = false,
    can_submit = false,
    progress = { correct = e.correct, total = state.total, cpm = e.cpm, accuracy = e.accuracy },
    message = e.done and "Done! Wait for the others." or "Type the text exactly as shown.",
  }
  if state.total == 0 then view.message = "This puzzle has no solution to type." end
  return view
end

function mode.on_code(state, ctx, player, code)
  local now = ctx.now()
  local e = entry(state, player.id)
  if now < 0 or e.done or e.left or state.total == 0 then return end
  local exact, correct, wrong = measure(code, target_of(ctx), state.total)
  -- a typo is a wrong character appearing after the correct part; fixing it and making a new
  -- one counts again (updates are throttled: several quick typos may count once)
  if wrong > 0 and e.wrong == 0 then e.typos = e.typos + 1 end
  e.correct, e.wrong = correct, wrong
  e.cpm = now > 0 and math.floor(correct * 60000 / now) or 0
  e.accuracy = correct + e.typos > 0 and math.floor(100 * correct / (correct + e.typos)) or 100
  if correct > e.best then e.best, e.best_at = correct, now end

  if exact then
    e.done, e.done_at = true, now
    ctx.complete(player.id)
    if not state.winner then
      state.winner = player.id
      ctx.broadcast("race_won", { player = player.id, at = now, cpm = e.cpm, accuracy = e.accuracy })
    end
  end
  if exact or now - e.shown_at >= PROGRESS_EVERY_MS then show_progress(state, ctx, player.id, e, now) end
  if exact then finish_if_all_done(state, ctx) end
end

function mode.before_submit(_state, _ctx, _player, _code, _info)
  return nil, "TYPERACER: nothing to submit; your text completes when it matches exactly."
end

function mode.before_run(_state, _ctx, _player, _code, _info)
  return nil, "TYPERACER: nothing to run; just type the text."
end

function mode.on_result(_state, _ctx, _player, _result)
  -- never called: every submission is refused
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
    local percent = state.total > 0 and math.floor(100 * e.best / state.total) or 0
    local detail
    if e.done then
      detail = string.format("done at %s, %d cpm, %d%% accuracy", clock(e.done_at), e.shown_cpm, e.shown_accuracy)
    else
      detail = string.format("%d%%, %d cpm, %d%% accuracy", percent, e.shown_cpm, e.shown_accuracy)
    end
    if gone then detail = detail .. " (left)" end
    rows[#rows + 1] = {
      player = p.id,
      score = e.best,
      detail = detail,
      index = p.index,
      -- smaller is better: finishers by time, then the others by how far they got, and when
      key = e.done and { 0, e.done_at, 0 } or { gone and 2 or 1, -e.best, e.best_at or math.huge },
    }
  end
  return ranked(rows)
end

return mode
