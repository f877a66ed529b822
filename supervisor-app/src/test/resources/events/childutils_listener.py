# An event listener using Debian's supervisor.childutils unchanged: it appends every event's
# headers (in the envelope's order) and payload to <outdir>/<process name>.events, each followed by
# "\0END\n", and accepts it.
import os
import sys

from supervisor import childutils

out = sys.argv[1]
name = os.environ["SUPERVISOR_PROCESS_NAME"]
keys = ["ver", "server", "serial", "pool", "poolserial", "eventname", "len"]
with open(os.path.join(out, name + ".events"), "a", encoding="utf-8") as log:
    while True:
        headers, payload = childutils.listener.wait(sys.stdin, sys.stdout)
        header = " ".join(key + ":" + headers[key] for key in keys)
        log.write(header + "\n" + payload + "\0END\n")
        log.flush()
        childutils.listener.ok(sys.stdout)
