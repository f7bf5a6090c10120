-- POST /api/articles, every request with a title (so a slug) of its own:
-- "<WRK_RUN_ID> <thread> <n>" is unique across threads, runs and the two apps.
local threads = 0
local counter = 0
local prefix = "run"
local headers = {}
local body_text = string.rep("The quick brown fox jumps over the lazy dog. ", 45)

function setup(thread)
  threads = threads + 1
  thread:set("tid", threads)
end

function init(args)
  prefix = (os.getenv("WRK_RUN_ID") or "run") .. "-" .. tostring(tid)
  for name, value in pairs(wrk.headers) do
    headers[name] = value
  end
  headers["Content-Type"] = "application/json"
end

function request()
  counter = counter + 1
  local body = string.format(
    '{"article":{"title":"Bench %s %d","description":"Written by the load test",' ..
    '"body":"%s","tagList":["bench","load","amber"]}}',
    prefix, counter, body_text)
  return wrk.format("POST", "/api/articles", headers, body)
end
