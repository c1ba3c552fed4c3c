# "N" is the month as the Associated Press abbreviates it, translated: "déc.", "mars", "juil.".
SHORT_DATE_FORMAT = "j N Y"
SHORT_DATETIME_FORMAT = "j N Y H:i"
