"""Shared widgets of every page: form rows with their error labels, the thin table model, the
error dialog and the draft store that keeps what a wizard typed. No STEP item of their own; every
screen below builds on them.
"""
