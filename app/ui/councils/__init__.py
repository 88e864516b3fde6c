"""協議体 screens: the 協議体の立ち上げ wizard (members, the actors the guidance names, a drafted
設置要綱) and the council panel with its seats. Serves STEP 1-3 (協議体の立ち上げ) and the
membership side of STEP 1-4.
"""
