-- wrk script: walks through 60 different catalogue pages (filters, sorts, page numbers), so
-- the run measures a mix of cached and freshly built pages rather than one hot page.
local difficulties = {"BEGINNER", "EASY", "INTERMEDIATE", "ADVANCED", "HARD", "EXPERT"}
local sorts = {"newest", "popular", "solve_rate", "title", "difficulty"}
local paths = {}
for i = 1, 60 do
  local d = difficulties[(i % #difficulties) + 1]
  local s = sorts[(i % #sorts) + 1]
  paths[i] = "/api/puzzle?page_size=20&difficulty=" .. d .. "&sort=" .. s .. "&page=" .. ((i % 7) + 1)
end
local n = 0
request = function()
  n = n + 1
  return wrk.format("GET", paths[(n % #paths) + 1])
end
