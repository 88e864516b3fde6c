"""Keeping the records safe when something goes wrong: rotating backups, restoring one, and
leading the user out of a damaged database. Serves every STEP: a town's years of inventories,
issue logs and confirmed minutes must survive a broken disk or a wrong click.
"""
