"""協議体: founding a council with its members, people added on the spot and its first meeting,
and keeping it. Serves STEP 1-3 (協議体の立ち上げ).
"""
