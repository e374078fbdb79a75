"""依申请公开 casework: applications, their clock events, fees, letters and the audit trail.

Every change goes through an action in `gongkai.casework.actions`; reads go through
`gongkai.casework.selectors`.
"""
