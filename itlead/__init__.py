"""Strategic IT Leadership for customs executives: course engine and app."""
