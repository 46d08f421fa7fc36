"""The live workshop's pages (play, facilitate, projector, debrief) and their parts; the rules live
in the workshop service, not here."""
