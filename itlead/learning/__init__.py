"""Pure learning logic: scoring, attempts, progress, self-assessment and branching cases."""
