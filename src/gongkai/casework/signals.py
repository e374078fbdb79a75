"""Signals other apps listen to without casework knowing them.

``step_committed``: a case step (any ``do_*`` action) has committed; sent from
``transaction.on_commit`` with ``application``, ``step`` (the `workflow.STEPS` name) and
``documents`` (the letters the step issued; drawn right after).  The portal's notifications
hang here, so a refused or rolled-back step never sends anything."""

from django.dispatch import Signal

step_committed = Signal()
