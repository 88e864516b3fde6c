"""The STEP catalog put to work: check items ticked per area, the records that back them as
evidence, the week ahead for the home page, and the progress and annual reports' read models.
Serves every STEP item.
"""
