"""The use cases, below Qt and reportlab: one folder per concern, named as in app/ui (setup,
guide, councils, meetings, resources, issues, initiatives, printing); what every concern uses
(typed errors, record helpers, validation) is at the top.
"""
