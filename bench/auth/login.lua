-- wrk script for bench/auth/run.sh: every request is POST /api/login with a JSON body.
-- The account comes from the environment (run.sh registers it first):
--   BENCH_IDENTIFIER, BENCH_PASSWORD   (plain [A-Za-z0-9 _-] text: no JSON escaping needed)
local identifier = os.getenv("BENCH_IDENTIFIER")
local password = os.getenv("BENCH_PASSWORD")
if identifier == nil or password == nil then
  error("login.lua: set BENCH_IDENTIFIER and BENCH_PASSWORD")
end

wrk.method = "POST"
wrk.path = "/api/login"
wrk.headers["Content-Type"] = "application/json"
wrk.body = string.format('{"identifier":"%s","password":"%s"}', identifier, password)
