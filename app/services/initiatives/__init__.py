"""取組: initiatives of STEP 3 with their issues, resources, participants and milestones, and the
resource an initiative creates. Serves STEP 3-1 to 3-3.
"""
