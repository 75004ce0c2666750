-- wrk script for login-flood.sh: bad logins for many usernames, from the one address wrk runs on,
-- as a credential-stuffing attacker would send them; counts the answers by status.
local threads = {}

function setup(thread)
  thread:set("id", #threads)
  table.insert(threads, thread)
end

function init(args)
  counts = {}
  n = 0
  wrk.method = "POST"
  wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"
end

function request()
  n = n + 1
  local user = "victim" .. id .. "-" .. (n % 5000)
  return wrk.format(nil, "/accounts/get_auth_token/", nil, "username=" .. user .. "&password=guess" .. n)
end

function response(status, headers, body)
  counts[status] = (counts[status] or 0) + 1
end

function done(summary, latency, requests)
  local total = {}
  for _, thread in ipairs(threads) do
    for status, count in pairs(thread:get("counts")) do
      total[status] = (total[status] or 0) + count
    end
  end
  local line = "flood answers:"
  for status, count in pairs(total) do
    line = line .. " " .. status .. "=" .. count
  end
  print(line)
end
