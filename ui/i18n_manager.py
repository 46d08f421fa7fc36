"""The manager's pages' texts (what-if, compare, business case), part of the one translation
table (ui.i18n merges them). Every key has a Dutch and an English text."""

from __future__ import annotations

MANAGER_TEXTS: dict[str, dict[str, str]] = {
    # the address (URL): what a refresh brings back
    "upload_missing": {
        "nl": "Het scenario uit deze link (een eerder geüpload bestand) staat niet meer op deze server. Het "
              "standaardscenario ‘{name}’ is geopend; upload het bestand opnieuw op de pagina Scenario kiezen.",
        "en": "The scenario in this link (a file uploaded earlier) is no longer on this server. The default "
              "scenario ‘{name}’ is open; upload the file again on the Choose scenario page."},
    "scenario_missing": {
        "nl": "Het scenario ‘{file}’ uit deze link bestaat niet. Het standaardscenario ‘{name}’ is geopend; "
              "kies een ander op de pagina Scenario kiezen.",
        "en": "The scenario ‘{file}’ in this link does not exist. The default scenario ‘{name}’ is open; "
              "choose another on the Choose scenario page."},
    "upload_not_kept": {
        "nl": "Dit scenario kon niet op de server worden bewaard: het werkt nu, maar na het verversen van de "
              "pagina opent weer het standaardscenario.",
        "en": "This scenario could not be stored on the server: it works now, but a refresh of the page opens "
              "the default scenario again."},
    "choose_processes": {"nl": "Kies processen", "en": "Choose processes"},
    # saving a variant as a preset
    "preset_name_taken": {"nl": "Er is al een werkwijze met deze naam; kies een andere naam.",
                          "en": "A preset with this name exists already; choose another name."},
    "save_description": {"nl": "De nieuwe werkwijze ‘{name}’ krijgt als beschrijving: {description}",
                         "en": "The new preset ‘{name}’ gets the description: {description}"},
    "save_scenario_note": {
        "nl": "Medewerkers, mix en instroom horen niet bij een werkwijze maar bij het hele scenario. Uw "
              "wijzigingen ({changes}) komen daarom in het bestand zelf, met boven elke gewijzigde regel een "
              "opmerking — ze gelden dan ook voor elke andere werkwijze in het bestand.",
        "en": "Staff, mix and inflow are not part of a preset but of the whole scenario. Your changes "
              "({changes}) are therefore written into the file itself, with a comment above each changed line "
              "— so they hold for every other preset in the file too."},
    "change_staff": {"nl": "{role}: {old} → {new} medewerkers", "en": "{role}: {old} → {new} staff"},
    "change_share": {"nl": "aandeel {profile}: {old} → {new}", "en": "share of {profile}: {old} → {new}"},
    "change_dropped": {"nl": "{profile} weggelaten", "en": "{profile} left out"},
    "change_inflow": {"nl": "instroom {old} → {new} per werkdag", "en": "inflow {old} → {new} per working day"},
    "save_failed": {"nl": "Dit bestand zou niet laden, dus er is niets om te downloaden:",
                    "en": "This file would not load, so there is nothing to download:"},
    "preset_based_on": {"nl": "Gebaseerd op {start}: {changes}", "en": "Based on {start}: {changes}"},
    "preset_as": {"nl": "Als {start}, met dezelfde knoppen", "en": "As {start}, with the same levers"},
    "preset_scenario_changed": {"nl": "; met andere bezetting, mix of instroom (zie de opmerkingen in het bestand)",
                                "en": "; with other staff, mix or inflow (see the comments in the file)"},
    # comments written into the saved scenario file (in the language of whoever saved it)
    "yaml_saved": {"nl": "Werkwijze {name}: bewaard op de pagina ‘Wat als …’, vertrekpunt {start}.",
                   "en": "Preset {name}: saved on the ‘What if …’ page, starting from {start}."},
    "yaml_levers": {"nl": "Knoppen gewijzigd: {changes}.", "en": "Levers changed: {changes}."},
    "yaml_levers_same": {"nl": "Knoppen als het vertrekpunt.", "en": "Levers as the starting point."},
    "yaml_also_changed": {
        "nl": "Ook gewijzigd, voor elke werkwijze in dit bestand (zie de opmerkingen daar): {changes}.",
        "en": "Also changed, for every preset in this file (see the comments there): {changes}."},
    "yaml_staff": {"nl": "medewerkers {id}: {old} → {new}", "en": "staff {id}: {old} → {new}"},
    "yaml_share": {"nl": "aandeel {id}: {old} → {new}", "en": "share {id}: {old} → {new}"},
    "yaml_inflow": {"nl": "instroom per_day: {old} → {new}", "en": "inflow per_day: {old} → {new}"},
    "yaml_dropped": {"nl": "profiel {profile} weggelaten (aandeel 0)", "en": "profile {profile} left out (share 0)"},
    "yaml_note": {"nl": "{change} — voor werkwijze ‘{name}’ (Wat als …); "
                        "geldt voor elke werkwijze in dit bestand",
                  "en": "{change} — for preset ‘{name}’ (What if …); holds for every preset in this file"},
    "yaml_was": {"nl": "was {old} bij {start}", "en": "was {old} in {start}"},
    "yaml_redumped": {
        "nl": "Werkwijze {name} toegevoegd op de pagina ‘Wat als …’. De opmerkingen van het oorspronkelijke "
              "bestand konden in deze opmaak niet bewaard blijven.",
        "en": "Preset {name} added on the ‘What if …’ page. The comments of the original file could not be kept "
              "in this layout."},
    # journey replay
    "step_prev": {"nl": "Vorige stap", "en": "Previous step"},
    "step_next": {"nl": "Volgende stap", "en": "Next step"},
    "step_now": {"nl": "Stap {n} van {total} — {text}", "en": "Step {n} of {total} — {text}"},
}
