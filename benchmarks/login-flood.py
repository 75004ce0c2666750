"""login-flood.sh's flooder from many addresses: bad logins for many usernames on the obtain-token
endpoint, each from one of ADDRESSES source addresses 127.BLOCK.x.y (Linux answers on all of
127/8), so that each address stays under the per-address throttle and only the verification budget
stands between the flood and the password hashing. Two ways to send:

  --rate N         paced: N attempts a second on a fixed schedule, whatever the answers (open loop),
                   as a host or a botnet with a given bandwidth sends them. What it costs the server
                   does not depend on how fast this script or the server is.
  --connections C  closed loop: C attempts in flight, each followed at once by the next: as fast as
                   this script and the server together go.

Each attempt is a new connection (Connection: close) with a form body. Bounded: it stops sending
after --seconds and waits at most 40 s more for the last answers. Prints what was sent and the
answers by status; "400" is a verified wrong password (every body here is well-formed)."""
import argparse
import asyncio
import collections

parser = argparse.ArgumentParser()
parser.add_argument("port", type=int)
parser.add_argument("--seconds", type=float, required=True)
parser.add_argument("--addresses", type=int, default=500)
parser.add_argument("--block", type=int, default=1, help="the second octet of the source addresses, 1-254")
mode = parser.add_mutually_exclusive_group(required=True)
mode.add_argument("--rate", type=float)
mode.add_argument("--connections", type=int)
parser.add_argument("--max-in-flight", type=int, default=512, help="paced: an attempt due while this many are unanswered is not sent")
args = parser.parse_args()
if not 1 <= args.addresses <= 250 * 250 or not 1 <= args.block <= 254:
    parser.error("addresses: 1 to 62500; block: 1 to 254")

counts = collections.Counter()


def source(n):
    a = n % args.addresses
    return f"127.{args.block}.{a // 250}.{1 + a % 250}"


async def attempt(n):
    body = f"username=victim-{n % 5000}&password=guess{n}".encode()
    request = (f"POST /accounts/get_auth_token/ HTTP/1.1\r\nHost: 127.0.0.1:{args.port}\r\n"
               f"Content-Type: application/x-www-form-urlencoded\r\nContent-Length: {len(body)}\r\n"
               f"Connection: close\r\n\r\n").encode() + body
    writer = None
    try:
        reader, writer = await asyncio.wait_for(
            asyncio.open_connection("127.0.0.1", args.port, local_addr=(source(n), 0)), 10)
        writer.write(request)
        answer = await asyncio.wait_for(reader.read(), 30)
        status = answer.split(b" ", 2)[1].decode() if answer.startswith(b"HTTP/1.1 ") else "no answer"
    except (OSError, asyncio.TimeoutError):
        status = "socket error"
    finally:
        if writer:
            writer.close()
    counts[status] += 1


async def paced():
    loop = asyncio.get_running_loop()
    start = loop.time()
    in_flight = set()
    sent = skipped = 0
    while (now := loop.time()) < start + args.seconds:
        due = int((now - start) * args.rate)
        while sent + skipped < due:
            if len(in_flight) >= args.max_in_flight:
                skipped += 1
            else:
                task = asyncio.create_task(attempt(sent + skipped))
                in_flight.add(task)
                task.add_done_callback(in_flight.discard)
                sent += 1
        await asyncio.sleep(0.002)
    if in_flight:
        await asyncio.wait(in_flight, timeout=40)
    return sent, skipped


async def closed_loop():
    loop = asyncio.get_running_loop()
    deadline = loop.time() + args.seconds
    issued = 0

    async def worker():
        nonlocal issued
        while loop.time() < deadline:
            issued += 1
            await attempt(issued)

    await asyncio.wait([asyncio.create_task(worker()) for _ in range(args.connections)], timeout=args.seconds + 40)
    return issued, 0


sent, skipped = asyncio.run(paced() if args.rate else closed_loop())
print(f"sent {sent} attempts in {args.seconds:g} s ({sent / args.seconds:.1f}/s) from {args.addresses} addresses"
      + (f", {skipped} not sent (more than {args.max_in_flight} unanswered)" if skipped else "")
      + f"; verified {counts['400'] / args.seconds:.1f}/s; flood answers: "
      + " ".join(f"{k}={v}" for k, v in sorted(counts.items(), key=str)))
