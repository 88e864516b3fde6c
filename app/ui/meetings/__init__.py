"""会議 screens: the 協議体・会議 page, the meeting form with attendance, the plan dialog for
regular meetings and the 議事録 editor with its 版. Serves STEP 1-4 (協議体の運営) and the
座談会 of STEP 1-2.
"""
