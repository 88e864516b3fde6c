"""取組 screens: the initiative wizard (kind, 出来ること・やってみたいこと, issues, resources,
people, milestones), the 取組 page and the dialog that registers an activity as a resource.
Serves STEP 3-1 to 3-3 (参加のきっかけ, 今ある活動の強化, 新たな活動の開発).
"""
