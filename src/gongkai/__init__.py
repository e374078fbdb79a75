"""gongkai (公开): China's 政府信息公开 work, end to end.

The pure core (formats, report, interchange, checks, readers, writers, workdays,
deadlines) imports no Django; the platform's apps import the core.
"""

__version__ = "0.1.0"
