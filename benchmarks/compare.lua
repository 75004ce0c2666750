-- compare.sh's wrk script: every EVERY-th request carries the unknown key (0: never), the others
-- the valid keys in turn: one header value, or @FILE with one a line (the server's --spread keys).
--   wrk … http://127.0.0.1:PORT/ -- EVERY "Token <unknown>" "Token <valid>"
--   wrk … http://127.0.0.1:PORT/ -- 0 "Token <unknown>" @r1-pg.info.keys
local threads = 0
local requests = {}
local unknown
local every = 0
local n = 0

function setup(thread)
  thread:set("offset", threads * 7919)  -- threads start at different keys
  threads = threads + 1
end

function init(args)
  every = tonumber(args[1])
  unknown = wrk.format("GET", "/", { ["Authorization"] = args[2] })
  if args[3]:sub(1, 1) == "@" then
    for line in io.lines(args[3]:sub(2)) do
      requests[#requests + 1] = wrk.format("GET", "/", { ["Authorization"] = line })
    end
  else
    requests[1] = wrk.format("GET", "/", { ["Authorization"] = args[3] })
  end
  n = offset or 0
end

function request()
  n = n + 1
  if every > 0 and n % every == 0 then
    return unknown
  end
  return requests[n % #requests + 1]
end
