"""地域課題 screens: the issue list, the 課題登録 wizard, handover dialogs and the 課題の整理 page
(urgency × area matrix, needs × resources map); the KJ board is the subpackage `kj_board`.
Serves STEP 2-2 (地域課題の抽出), 2-3 (課題の構造化) and 2-4 (方針の検討).
"""
