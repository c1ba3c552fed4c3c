"""Date formats per language (FORMAT_MODULE_PATH), over Django's own: the short date reads
"23 déc. 2026" in French and "Dec. 23, 2026" in English, where Django's "j M Y" capitalises
the French month ("23 Déc 2026"). Staff pages print dates with SHORT_DATE_FORMAT and
SHORT_DATETIME_FORMAT."""
