"""gunicorn's settings for gongkai (``gunicorn -c python:gongkai.ops.gunicorn_conf``).

`gongkai serve` passes bind and workers on the command line; these are the rest, the same
for anyone who starts gunicorn directly (a systemd unit, a container):

- sync workers, ``GONGKAI_WORKERS`` of them (default: 2 per CPU + 1, at most 8): a letter's
  PDF takes CPU time, and one process per concurrent request is the simplest model that
  keeps one slow render from stalling others;
- ``timeout`` 120 s: a worker silent for that long is killed and replaced (the longest
  legitimate request, a big letter rendered, takes a few seconds);
- ``max_requests`` with jitter: workers are recycled now and then so that memory a long-lived
  worker gathers (PDF rendering) is given back;
- the access log names the path without its query string (searches may hold names or ID
  numbers) and every log line passes ``gongkai.web.logfilter.MaskPersonalData``.
"""

from __future__ import annotations

import os

from gongkai.web.logfilter import dict_config


def default_workers() -> int:
    return max(2, min(8, 2 * (os.cpu_count() or 1) + 1))


wsgi_app = "gongkai.web.wsgi:application"
workers = int(os.environ.get("GONGKAI_WORKERS", "0")) or default_workers()
worker_class = "sync"
timeout = int(os.environ.get("GONGKAI_WORKER_TIMEOUT", "120"))
graceful_timeout = 30
keepalive = 5
max_requests = 1000
max_requests_jitter = 100
# one instance per machine user is not a given: no shared control socket in ~/.gunicorn
control_socket_disable = True
# X-Forwarded-Proto is honoured from the reverse proxy on this machine only
forwarded_allow_ips = "127.0.0.1,::1"
accesslog = "-"
access_log_format = '%(h)s "%(m)s %(U)s" %(s)s %(B)s %(M)sms'
logconfig_dict = dict_config(
    {"error": {"stream": "ext://sys.stderr"}, "access": {"stream": "ext://sys.stdout"}},
    root={"handlers": ["error"], "level": "INFO"},
    loggers={
        "gunicorn.error": {"handlers": ["error"], "level": "INFO", "propagate": False},
        "gunicorn.access": {"handlers": ["access"], "level": "INFO", "propagate": False},
    },
)
