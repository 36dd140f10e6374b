"""Every write to the remiss domain goes through a function in this package.

Each function is atomic, checks `remiss.policy`, saves with a history change reason and the
acting user, and records a timeline event. Views call these and nothing else to change state.
The steps that follow from the nämnder (`namndbehandling`) are the exception to the policy
check: no user is granted them, the committee side reports them (`remiss.namndkoppling`).
"""
