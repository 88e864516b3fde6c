"""The KJ法 board of STEP 2-3 (課題の構造化): the page, its scene of cards, groups and arrows,
the tray of unplaced cards and the toolbar.
"""
