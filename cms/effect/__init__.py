"""效果追踪: what became of the lessons, for the editors who made them (issue 19, item 5).

Per lesson and per week, counted anonymously: plays started and completed, helpful votes,
comments received, teachers' ratings and class-session coverage, first-lesson reach per
grade, and (for the city) searches that found nothing. Every figure is limited to the
lessons the editor may edit (scope), aggregated in the database (figures, coverage, misses),
masked the same way on the page, in the charts and in the CSV (masking: 1–4 → "<5").
"""
