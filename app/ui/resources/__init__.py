"""地域資源 screens: the list with search as you type, the registration wizard with its schedule
page, and the Excel/CSV import wizard. Serves STEP 2-1 (地域資源の把握).
"""
