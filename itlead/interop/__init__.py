"""Interoperability and documents: GIFT (export and import), Moodle XML, xAPI and its outbox, PDF and Markdown."""
