-- compare.sh's warm-up traffic: three requests with the valid key, then one with the unknown key,
-- so both paths of the filter are compiled before either is measured.
--   wrk … http://127.0.0.1:PORT/ -- "Token <valid>" "Token <unknown>"
local requests = {}
local n = 0

function init(args)
  requests[1] = wrk.format("GET", "/", { ["Authorization"] = args[1] })
  requests[2] = wrk.format("GET", "/", { ["Authorization"] = args[2] })
end

function request()
  n = n + 1
  if n % 4 == 0 then
    return requests[2]
  end
  return requests[1]
end
