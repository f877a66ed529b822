# supervisor.sendRemoteCommEvent(type, data) over the daemon's unix socket.
import sys
import xmlrpc.client

from supervisor.xmlrpc import SupervisorTransport

transport = SupervisorTransport(None, None, "unix://" + sys.argv[1])
proxy = xmlrpc.client.ServerProxy("http://127.0.0.1", transport=transport)
proxy.supervisor.sendRemoteCommEvent(sys.argv[2], sys.argv[3])
