"""What papers for residents need beyond one concern: the 座談会 handout's read model and the
check that keeps 個人情報 people's names and numbers off every paper. Serves STEP 1-2
(住民への働きかけ) and the privacy of every printed paper.
"""
