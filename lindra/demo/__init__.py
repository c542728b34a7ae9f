"""The demo data of the three networks, on the top floor beside home: it fills every app
below it, and no app imports it."""
