"""地域資源: the inventory with validation and search, the spreadsheet importer (files, verdicts,
writer), export, and the read models of the resource papers. Serves STEP 2-1 (地域資源の把握).
"""
