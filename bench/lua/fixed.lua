-- One fixed request (KV read, lookup-self, transit encrypt, token create, AppRole login).
-- Parameters (set by the prelude): P.method, P.path, P.token (may be ""), P.body (may be "").
wrk.method = P.method
wrk.path = P.path
if P.token ~= "" then wrk.headers["X-Vault-Token"] = P.token end
if P.body ~= "" then
  wrk.body = P.body
  wrk.headers["Content-Type"] = "application/json"
end
