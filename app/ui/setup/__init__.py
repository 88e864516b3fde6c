"""The town's base records: the first-start setup wizard and the 設定 page with its lists and
forms for 圏域, 団体・主体 and 人 (with each person's roles and SC periods). Serves STEP 1-1
(生活支援体制の設計).
"""
