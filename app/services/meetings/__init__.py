"""会議 and 議事録: meetings with agenda and attendance, regular meetings planned ahead, minutes
from 下書き to 確認済み with their 版, and the read models of the meeting papers. Serves STEP 1-4
(協議体の運営) and the 座談会 of STEP 1-2.
"""
