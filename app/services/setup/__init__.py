"""The town's base records and settings: 圏域, 団体・主体, 人, SC assignments, the municipality
and first-start setup. Serves STEP 1-1 (生活支援体制の設計).
"""
