"""People over time (seeds 000, 003, 004): onboarding and welcome letters, function
descriptions, leader terms, work plans and the yearly meeting, reporting back and competence
activities, and each member's year. Stands above the meeting cycle."""
