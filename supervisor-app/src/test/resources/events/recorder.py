# An event listener written from the protocol with the standard library only. It appends every
# envelope it receives to <outdir>/<process name>.events (the header line, the payload, then
# "\0END\n"), and rejects the first event whose payload contains "reject-me" (RESULT and READY in
# two writes), then accepts everything ("RESULT 2\nOKREADY\n" in one write). SIGTERM is ignored so
# that an event sent just before the shutdown still gets recorded; SIGKILL after stopwaitsecs ends it.
# Its parent's pid goes to <outdir>/<process name>.ppid.
import os
import signal
import sys

signal.signal(signal.SIGTERM, signal.SIG_IGN)

out = sys.argv[1]
name = os.environ["SUPERVISOR_PROCESS_NAME"]
marker = os.path.join(out, "rejected-once")


def say(text):
    sys.stdout.write(text)
    sys.stdout.flush()


with open(os.path.join(out, name + ".ppid"), "w") as f:
    f.write(str(os.getppid()))
say("READY\n")
with open(os.path.join(out, name + ".events"), "a", encoding="utf-8") as log:
    while True:
        header = sys.stdin.readline()
        if not header:
            break
        fields = dict(token.split(":", 1) for token in header.split())
        payload = sys.stdin.read(int(fields["len"]))
        log.write(header + payload + "\0END\n")
        log.flush()
        if "reject-me" in payload and not os.path.exists(marker):
            open(marker, "w").close()
            say("RESULT 4\nFAIL")
            say("READY\n")
        else:
            say("RESULT 2\nOKREADY\n")
