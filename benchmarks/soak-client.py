"""soak.sh's account traffic: register, log in, vote, log out, then check the logged-out token is
refused; one cycle every PACE seconds until DEADLINE (Unix time), well under the login throttle
(30 a minute from one address). Prints one line: cycles, requests, and each unexpected answer."""
import json
import secrets
import sys
import time
import urllib.error
import urllib.request

base, deadline, pace = sys.argv[1], float(sys.argv[2]), float(sys.argv[3])
requests = 0
errors = []


def call(method, path, expected, body=None, token=None):
    global requests
    requests += 1
    headers = {"Content-Type": "application/json"}
    if token:
        headers["Authorization"] = "Token " + token
    data = json.dumps(body).encode() if body is not None else None
    request = urllib.request.Request(base + path, data=data, method=method, headers=headers)
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            status, text = response.status, response.read()
    except urllib.error.HTTPError as e:
        status, text = e.code, e.read()
    except OSError as e:
        errors.append(f"{method} {path}: {e}")
        return None
    if status != expected:
        errors.append(f"{method} {path}: {status} (expected {expected}) {text[:200]!r}")
        return None
    return json.loads(text) if text else {}


cycles = 0
while time.time() < deadline:
    started = time.time()
    name = f"soak{int(started * 1000)}"
    password = "Pw-" + secrets.token_hex(12)  # unlike the name: the password rules refuse similar ones
    call("POST", "/accounts/register/", 201, {"username": name, "password": password})
    login = call("POST", "/accounts/get_auth_token/", 200, {"username": name, "password": password})
    if login:
        token = login["token"]
        questions = call("GET", "/polls/api/questions/", 200, token=token)
        if questions:
            question = questions[0]
            call("POST", f"/polls/api/questions/{question['id']}/vote/", 200,
                 {"choice": question["choices"][0]["id"]}, token=token)
        call("POST", "/accounts/logout/", 204, token=token)
        call("GET", "/polls/api/questions/", 401, token=token)
    cycles += 1
    time.sleep(max(0.0, pace - (time.time() - started)))

print(f"accounts: {cycles} cycles, {requests} requests, {len(errors)} unexpected")
for error in errors[:20]:
    print("  " + error)
