"""The STEP guide: the home page (progress grid, the next step, the week ahead) and the STEP
overview and item pages with their points, checks and examples. Serves every STEP item as the
way into it.
"""
