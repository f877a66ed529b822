# Python supervisorctl's own Controller.complete on a fixed process list, for CompletionsTest.
# argv: group:name ...; stdin: one "line<TAB>text" case a line; stdout: the matches of each case,
# "|"-separated, one line per case.
import sys
from supervisor.supervisorctl import Controller, DefaultControllerPlugin

class Options:
    prompt = 'supervisor'
    plugin_factories = [('default', DefaultControllerPlugin, {})]

c = Controller(Options())
c._complete_info = [dict(zip(('group', 'name'), a.split(':', 1))) for a in sys.argv[1:]]
for case in sys.stdin.read().split('\n'):
    if not case:
        continue
    line, text = case.split('\t')
    out, state = [], 0
    while True:
        m = c.complete(text, state, line)
        if m is None:
            break
        out.append(m)
        state += 1
    print('|'.join(out))
