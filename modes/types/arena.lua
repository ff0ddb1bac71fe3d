---@meta
-- luacheck: ignore
-- (declarations only: the functions are empty and their arguments unused)
-- LuaLS (lua-language-server) annotations of the CodeArena game mode API, version 1.
-- The host never loads this file (it lives in a subfolder the mode library does not scan).
-- Editors read it for completion and type checks: with LuaLS, add this folder to
-- "workspace.library" (or open the repository root; `.luarc.json` is not required).
-- Annotate a mode with `---@type Mode` above `local mode = {...}`: the handlers defined as
-- `function mode.on_result(state, ctx, player, result)` then get typed arguments.
-- The contract itself is modes/README.md ("Reference").

---@alias OptionType "integer"|"number"|"boolean"|"string"

---One option a room may set, validated by the host before init sees it.
---@class ModeOption
---@field type OptionType
---@field default integer|number|boolean|string required: the value when the room gives none
---@field min? number
---@field max? number
---@field enum? (integer|number|boolean|string)[] the allowed values
---@field doc? string shown in the lobby

---A player as the mode sees them (a copy: changing it changes nothing).
---@class Player
---@field id string the user's id
---@field name string the username
---@field index integer 1..n in join order
---@field connected boolean a socket is open now
---@field left boolean left the game for good
---@field eliminated boolean ctx.eliminate was called for them
---@field completed boolean ctx.complete was called for them

---One test case of a puzzle (hidden ones are never shown to players unless a mode does so).
---@class PuzzleTest
---@field input string
---@field output string
---@field hidden boolean

---@class PuzzleExample
---@field input string
---@field output string
---@field explanation string

---@class PuzzleSolution
---@field language string
---@field code string

---A puzzle of the game (ctx.puzzles[i]).
---@class Puzzle
---@field id string
---@field title string
---@field statement string Markdown
---@field constraints string
---@field difficulty string
---@field tags string[]
---@field tests PuzzleTest[] every validator, in order (result.tests follows this order)
---@field examples PuzzleExample[]
---@field starters table<string, string> language -> starter code (DEBUG's broken programs)
---@field solution? PuzzleSolution the reference solution (TYPERACER's text)

---The fixed facts of the game.
---@class GameInfo
---@field id string
---@field mode string "FASTEST"
---@field version string the mode version (12 hex digits)
---@field options table<string, any> validated, defaults filled in
---@field duration integer seconds
---@field languages string[] allowed language ids (empty: any)

---What mode.before_submit / before_run are told.
---@class SubmitInfo
---@field language string
---@field puzzle integer the puzzle the player asked for (1 when they did not say)

---The second return value of before_submit / before_run.
---@class SubmitChoice
---@field puzzle? integer judge against this puzzle instead

---A judged submission (mode.on_result).
---@class Result
---@field submission_id string
---@field puzzle integer 1-based index into ctx.puzzles
---@field language string
---@field verdict "OK"|"WA"|"RE"|"TLE"|"MLE"|"OLE"|"CE"|"SG"|"XX"
---@field passed boolean every test passed
---@field tests boolean[] one per test of the puzzle, in order
---@field tests_passed integer
---@field tests_total integer
---@field cpu_ms integer summed over the tests
---@field wall_ms integer the most of any test
---@field memory_kb integer the most of any test
---@field length integer characters (UTF-8) of the code as the player wrote it
---@field code string the code as the player wrote it (before before_submit changed it)
---@field submitted_at integer game clock (ms) when it was submitted

---One row of the standings.
---@class StandingRow
---@field player string the player's id
---@field place integer 1 is first; equal places are ties
---@field score number
---@field detail? string what the score means, for people

---One puzzle in a view of several (BLITZ).
---@class ViewPuzzle
---@field index integer
---@field title? string
---@field statement? string
---@field tests? ViewTest[]
---@field solved_by? string

---@class ViewTest
---@field input string
---@field output string

---What one player sees. Any fields may be added; these have a meaning for the web UI.
---The host adds phase, now_ms, starts_at_ms, ends_at_ms and puzzle_count.
---@class View
---@field statement? string Markdown; omit to hide it
---@field tests? ViewTest[] what the player may see and run against
---@field starter_code? table<string, string> language -> code
---@field target_text? string the text to type (TYPERACER)
---@field puzzle? integer the puzzle the player is working on
---@field puzzles? ViewPuzzle[] several puzzles at once
---@field can_run? boolean
---@field can_submit? boolean
---@field submissions_left? integer
---@field message? string
---@field [string] any

---The game as a handler sees it. Reads are immediate; actions take effect only when the
---handler returns without error.
---@class Ctx
---@field game GameInfo
---@field puzzles Puzzle[]
local Ctx = {}

---The game clock in ms: 0 at the start, negative during the countdown.
---@return integer
function Ctx.now() end

---Like math.random, seeded per game: the same game replays the same numbers.
---@overload fun(): number
---@overload fun(n: integer): integer
---@param m integer
---@param n integer
---@return integer
function Ctx.random(m, n) end

---Every player, in join order (left and eliminated ones included, with their flags).
---@return Player[]
function Ctx.players() end

---@param id string
---@return Player|nil
function Ctx.player(id) end

---Sends `event` to everyone in the game. The host's own event names are refused.
---@param event string
---@param payload? table plain data
function Ctx.broadcast(event, payload) end

---Sends `event` to one player.
---@param player_id string
---@param event string
---@param payload? table plain data
function Ctx.send(player_id, event, payload) end

---Pushes a fresh view to one player, or to everyone.
---@param player_id? string
function Ctx.refresh(player_id) end

---Marks a player done: everyone gets player_completed.
---@param player_id string
function Ctx.complete(player_id) end

---Eliminates a player (no more submissions): everyone gets player_eliminated.
---@param player_id string
---@param reason? string
function Ctx.eliminate(player_id, reason) end

---Calls mode.on_timer(state, ctx, tag) after that many seconds.
---@param seconds number
---@param tag string
function Ctx.after(seconds, tag) end

---Ends the game after this handler: final standings, game_completed with this reason.
---@param reason? string default "finished"
function Ctx.finish(reason) end

---Writes to the host's log, with the game and mode.
---@param message string
function Ctx.log(message) end

---A game mode: the table a mode file returns.
---@class Mode
---@field name string the file name upper-cased (fastest.lua -> "FASTEST")
---@field api integer the mode API version: 1
---@field title string shown in the lobby
---@field description string the rules, as players read them
---@field min_players? integer default 1
---@field max_players? integer default 50, at most 50
---@field duration? integer seconds a game lasts by default
---@field countdown? integer seconds before the start (default: the host's)
---@field grace? integer seconds in-flight submissions get after time is up
---@field tick? number seconds between on_tick calls (default 1)
---@field puzzles? integer|fun(options: table<string, any>, player_count: integer): integer
---@field requires_starter? boolean only puzzles with starter code (DEBUG)
---@field options? table<string, ModeOption>
---The handlers are declared optional here because a mode file assigns them after the table
---(`function mode.init(...)`); the host requires init, view, standings and on_result.
---@field init? fun(ctx: Ctx, options: table<string, any>): table returns the state (plain data)
---@field on_join? fun(state: table, ctx: Ctx, player: Player)
---@field on_start? fun(state: table, ctx: Ctx)
---@field view? fun(state: table, ctx: Ctx, player: Player|nil): View player nil: a spectator
---@field on_code? fun(state: table, ctx: Ctx, player: Player, code: string)
---@field before_submit? fun(state: table, ctx: Ctx, player: Player, code: string, info: SubmitInfo): (string|nil), (SubmitChoice|string|nil)
---@field before_run? fun(state: table, ctx: Ctx, player: Player, code: string, info: SubmitInfo): (string|nil), (SubmitChoice|string|nil)
---@field on_result? fun(state: table, ctx: Ctx, player: Player, result: Result)
---@field on_tick? fun(state: table, ctx: Ctx, now: integer)
---@field on_timer? fun(state: table, ctx: Ctx, tag: string)
---@field on_leave? fun(state: table, ctx: Ctx, player: Player)
---@field standings? fun(state: table, ctx: Ctx): StandingRow[]
---@field migrate? fun(old_state: table, old_api: integer): table

---Helpers implemented by the host (read-only).
---@class Arena
---@field api integer the host's mode API version
arena = {}

---Levenshtein distance in characters (UTF-8), for strings up to 64 KiB each.
---@param a string
---@param b string
---@return integer
function arena.edit_distance(a, b) end

---`s` reversed by characters (UTF-8).
---@param s string
---@return string
function arena.reverse(s) end
