"""login-flood.sh's flood from many addresses (a botnet rather than one host): bad logins for many
usernames, each connection bound to one of 127.0.0.2 … 127.0.0.<1+addresses> (Linux answers on
all of 127/8), so the per-address throttle lets each address through 30 times a minute and the
password verifications pile up. Runs for SECONDS, then prints the answers by status."""
import collections
import http.client
import sys
import threading
import time

port, seconds, addresses, threads = int(sys.argv[1]), float(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
deadline = time.time() + seconds
counts = collections.Counter()
lock = threading.Lock()


def flood(worker):
    n = 0
    connection = None
    while time.time() < deadline:
        n += 1
        address = f"127.0.{(worker + n * threads) // 250 % 250}.{2 + (worker + n * threads) % 250}" if addresses > 250 \
            else f"127.0.0.{2 + (worker + n * threads) % addresses}"
        try:
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30, source_address=(address, 0))
            body = f"username=victim{worker}-{n % 5000}&password=guess{n}"
            connection.request("POST", "/accounts/get_auth_token/", body,
                               {"Content-Type": "application/x-www-form-urlencoded"})
            status = connection.getresponse().status
        except OSError:
            status = "socket error"
        finally:
            if connection:
                connection.close()
        with lock:
            counts[status] += 1


workers = [threading.Thread(target=flood, args=(i,), daemon=True) for i in range(threads)]
for worker in workers:
    worker.start()
for worker in workers:
    worker.join(seconds + 40)
total = sum(counts.values())
print(f"{total / seconds:.1f} logins/s; flood answers: " + " ".join(f"{k}={v}" for k, v in sorted(counts.items(), key=str)))
