"""地域課題: the issue log with its history and handovers, the needs × resources table and
urgency matrix, the KJ board and the read models of the issue papers. Serves STEP 2-2 (地域課題の
抽出), 2-3 (課題の構造化) and 2-4 (方針の検討).
"""
