"""Exports: Markdown and PDF documents for learners (and later, GIFT, Moodle XML, xAPI)."""
