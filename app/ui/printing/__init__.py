"""印刷センター and the shared printing pieces: the paper options, the QtPdf preview and the
actions that print or save a paper off the GUI thread. Serves every STEP item that ends on paper,
above all STEP 1-2 (住民への働きかけ: 座談会の配布資料).
"""
