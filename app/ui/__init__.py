"""The user interface layer: the only one that imports Qt. One folder per concern (setup,
guide, councils, meetings, resources, issues, initiatives, printing) with shared widgets in
`widgets/`; the window shell is at the top.
"""
