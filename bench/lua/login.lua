-- POST /api/users/login with the body load.py passes in WRK_BODY (the bench user's credentials).
wrk.method = "POST"
wrk.body = os.getenv("WRK_BODY")
wrk.headers["Content-Type"] = "application/json"
