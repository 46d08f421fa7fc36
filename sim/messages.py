"""Every message a scenario check can give, in English and Dutch.

A problem is stored as a key and its values, and written out in the reader's language
only when shown: `kastje validate --lang nl` and the app's Scenario page use Dutch, the
rest English.
"""

from __future__ import annotations

MESSAGES: dict[str, dict[str, str]] = {
    # YAML and file level
    "cannot_read": {"en": "cannot read file: {reason}", "nl": "kan het bestand niet lezen: {reason}"},
    "too_large": {"en": "file is larger than {mb} MB; a scenario is a few kB",
                  "nl": "bestand is groter dan {mb} MB; een scenario is een paar kB"},
    "not_utf8": {"en": "not UTF-8 text (byte {byte})", "nl": "geen UTF-8-tekst (byte {byte})"},
    "yaml_invalid": {"en": "not valid YAML: {reason}", "nl": "geen geldige YAML: {reason}"},
    "yaml_code": {"en": "not valid YAML: {reason} (scenario files are data only)",
                  "nl": "geen geldige YAML: {reason} (een scenario bevat alleen gegevens, geen code)"},
    "too_deep": {"en": "nesting deeper than {depth} levels", "nl": "dieper genest dan {depth} niveaus"},
    "alias_self": {"en": "file refused: an alias refers to itself (recursive structure)",
                   "nl": "bestand geweigerd: een alias verwijst naar zichzelf (recursieve structuur)"},
    "alias_bomb": {"en": "file refused: more than {n} values once aliases are expanded (alias bomb?)",
                   "nl": "bestand geweigerd: meer dan {n} waarden als de aliassen zijn uitgeschreven (aliasbom?)"},
    "not_a_scenario": {"en": "not a kastje scenario: a scenario is a YAML file with name, roles, needs, profiles and "
                             "cases (see docs/scenario-format.md)",
                       "nl": "geen kastje-scenario: een scenario is een YAML-bestand met name, roles, needs, profiles "
                             "en cases (zie docs/scenario-format.md)"},
    "yaml_no_colon": {"en": "this line has no ':' between the key and its value (write it as `key: value`)",
                      "nl": "op deze regel staat geen ':' tussen de sleutel en de waarde (schrijf `sleutel: waarde`)"},
    "yaml_tab": {"en": "a tab character; indent with spaces only",
                 "nl": "een tab-teken; spring alleen in met spaties"},
    "yaml_quote": {"en": "the quote that opens on this line is not closed (the file ends or breaks at line {end})",
                   "nl": "het aanhalingsteken dat op deze regel opent wordt niet gesloten (tot regel {end})"},
    "yaml_bracket": {"en": "the '{open}' that opens on this line is not closed before line {end}",
                     "nl": "de '{open}' die op deze regel opent wordt niet gesloten vóór regel {end}"},
    "yaml_indent": {"en": "the indentation of this line does not match the lines above it: the keys of one item "
                          "start in the same column",
                    "nl": "deze regel springt anders in dan de regels erboven: de sleutels van één item beginnen in "
                          "dezelfde kolom"},
    "yaml_colon_in_value": {"en": "a ':' inside a value; put the value in quotes, e.g. story: \"Note: …\"",
                            "nl": "een ':' in een waarde; zet de waarde tussen aanhalingstekens, bijv. story: \"Let op: …\""},
    "yaml_alias": {"en": "a value starts with '*', which YAML reads as a reference; put the value in quotes",
                   "nl": "een waarde begint met '*', wat YAML als verwijzing leest; zet de waarde tussen aanhalingstekens"},
    "duplicate_key": {"en": "key '{key}' appears twice in this mapping (first on line {first}); YAML would keep only "
                            "the last, so remove one",
                      "nl": "sleutel '{key}' staat twee keer in deze mapping (eerst op regel {first}); YAML houdt "
                            "alleen de laatste, dus haal er een weg"},
    # schema
    "unknown_key": {"en": "unknown key '{key}';{hint} valid keys here: {valid}",
                    "nl": "onbekende sleutel '{key}';{hint} geldige sleutels hier: {valid}"},
    "missing": {"en": "required field is missing", "nl": "verplicht veld ontbreekt"},
    "unknown_dist": {"en": "unknown distribution; valid: dist: exponential{{mean}} | lognormal{{mean,sd}} | "
                           "triangular{{low,mode,high}} | fixed{{value}}",
                     "nl": "onbekende verdeling; geldig: dist: exponential{{mean}} | lognormal{{mean,sd}} | "
                           "triangular{{low,mode,high}} | fixed{{value}}"},
    "no_dist": {"en": "say which distribution with 'dist:'; valid: exponential, lognormal, triangular, fixed",
                "nl": "geef de verdeling aan met 'dist:'; geldig: exponential, lognormal, triangular, fixed"},
    "gt": {"en": "must be greater than {limit}{got}", "nl": "moet groter zijn dan {limit}{got}"},
    "ge": {"en": "must be greater than or equal to {limit}{got}", "nl": "moet groter dan of gelijk aan {limit} zijn{got}"},
    "lt": {"en": "must be less than {limit}{got}", "nl": "moet kleiner zijn dan {limit}{got}"},
    "le": {"en": "must be less than or equal to {limit}{got}", "nl": "moet kleiner dan of gelijk aan {limit} zijn{got}"},
    "literal": {"en": "must be one of {expected}{got}", "nl": "moet een van deze zijn: {expected}{got}"},
    "id_pattern": {"en": "an id is lower case: letters, digits, _ and -, starting with a letter{got}",
                   "nl": "een id bestaat uit kleine letters, cijfers, _ en -, en begint met een letter{got}"},
    "whole_number": {"en": "must be a whole number{got}", "nl": "moet een geheel getal zijn{got}"},
    "number": {"en": "must be a number{got}", "nl": "moet een getal zijn{got}"},
    "boolean": {"en": "must be true or false{got}", "nl": "moet true of false zijn{got}"},
    "text": {"en": "must be text{got}", "nl": "moet tekst zijn{got}"},
    "list": {"en": "must be a list{got}", "nl": "moet een lijst zijn{got}"},
    "mapping": {"en": "must be a mapping (key: value){got}", "nl": "moet een mapping (sleutel: waarde) zijn{got}"},
    "too_short": {"en": "needs at least {min} item(s)", "nl": "heeft minstens {min} item(s) nodig"},
    "too_long": {"en": "at most {max} characters", "nl": "hooguit {max} tekens"},
    "triangular_order": {"en": "needs low <= mode <= high and low < high",
                         "nl": "vereist low <= mode <= high en low < high"},
    "triangular_mean": {"en": "the mean (low + mode + high) / 3 must be at least {limit} minutes",
                        "nl": "het gemiddelde (low + mode + high) / 3 moet minstens {limit} minuten zijn"},
    "other": {"en": "{text}", "nl": "{text}"},
    # a run that stops
    "runaway": {"en": "the run stopped: a citizen with case '{case}' made more than {limit} contacts in {days} working days, "
                      "the last at '{role}'; no real journey does that, so the scenario loops (a loop needs "
                      "desks that never find the way and citizens who never give up: see "
                      "docs/scenario-format.md, 'When a run stops')",
                "nl": "de simulatie is gestopt: een burger met casus '{case}' had meer dan {limit} contacten in {days} werkdagen, "
                      "het laatste bij '{role}'; geen echte reis doet dat, dus het scenario loopt rond (een "
                      "kringloop ontstaat bij loketten die de weg nooit weten en burgers die nooit opgeven: zie "
                      "docs/scenario-format.md, 'When a run stops')"},
    # cross-references
    "unknown_id": {"en": "unknown id '{name}';{hint} valid: {valid}", "nl": "onbekend id '{name}';{hint} geldig: {valid}"},
    "used_twice": {"en": "id '{id}' is used twice in {section}; ids must be unique",
                   "nl": "id '{id}' komt twee keer voor in {section}; een id moet uniek zijn"},
    "self_require": {"en": "need '{id}' cannot require itself", "nl": "vraag '{id}' kan niet zichzelf vereisen"},
    "no_resolver": {"en": "no role resolves need '{id}': list a role in resolved_by or add the need to a role's resolves",
                    "nl": "geen rol lost vraag '{id}' op: zet een rol in resolved_by of de vraag in resolves van een rol"},
    "no_entry": {"en": "no role has entry: true; citizens need at least one desk to walk in",
                 "nl": "geen rol heeft entry: true; burgers hebben minstens één loket nodig om binnen te komen"},
    "one_case_manager": {"en": "only one role may be case_manager: true",
                         "nl": "maar één rol mag case_manager: true hebben"},
    "cycle": {"en": "prerequisite cycle {loop}: no citizen could ever meet these needs",
              "nl": "kringloop in voorwaarden {loop}: geen burger kan aan deze vragen ooit voldoen"},
    "shares": {"en": "shares of {section} add up to {total}; they must add up to 1",
               "nl": "de aandelen van {section} tellen op tot {total}; dat moet 1 zijn"},
    "presenting_unlisted": {"en": "presenting need '{id}' must also be listed in needs",
                            "nl": "de eerste vraag '{id}' moet ook in needs staan"},
    "presenting_hidden": {"en": "the presenting need '{id}' cannot be hidden",
                          "nl": "de eerste vraag '{id}' kan niet verborgen zijn"},
    "hidden_unlisted": {"en": "hidden need '{id}' must also be listed in needs",
                        "nl": "verborgen vraag '{id}' moet ook in needs staan"},
    "blocked_unlisted": {"en": "blocked need '{id}' must be one of the case's needs",
                         "nl": "geblokkeerde vraag '{id}' moet een van de vragen van de casus zijn"},
    "blocked_range": {"en": "{days} days is out of range; valid: 0 to 3650",
                      "nl": "{days} dagen valt buiten het bereik; geldig: 0 tot 3650"},
    "need_twice": {"en": "a need is listed twice", "nl": "een vraag staat er twee keer in"},
    "predictable_unlisted": {"en": "predictable need '{id}' must be one of the case's needs",
                             "nl": "voorspelbare vraag '{id}' moet een van de vragen van de casus zijn"},
    "route_unknown": {"en": "a route is named 'default' or after a profile; unknown: '{name}';{hint} valid: {valid}",
                      "nl": "een route heet 'default' of naar een profiel; onbekend: '{name}';{hint} geldig: {valid}"},
    "contact_person_channel": {"en": "contact person '{role}' serves none of this route's channels ({channels})",
                               "nl": "vast aanspreekpunt '{role}' bedient geen van de kanalen van deze route ({channels})"},
    "not_online": {"en": "need '{id}' has no self_service difficulty, so it cannot go digital first",
                   "nl": "vraag '{id}' heeft geen self_service-moeilijkheid, dus kan niet digitaal eerst"},
    "case_manager_needed": {"en": "coordination: case_manager needs a role with case_manager: true",
                            "nl": "coordination: case_manager vereist een rol met case_manager: true"},
}

_HINT = {"en": " did you mean '{close}'?", "nl": " bedoelt u '{close}'?"}
_GOT = {"en": " (got {value!r})", "nl": " (gekregen: {value!r})"}


def render(key: str, params: dict, lang: str = "en") -> str:
    """The message ``key`` with its values, in ``lang`` (English when unknown)."""
    lang = lang if lang in ("en", "nl") else "en"
    if key not in MESSAGES:   # never a traceback for a message we did not foresee
        key, params = "other", {"text": f"{key} {params}"}
    values = dict(params)
    values["hint"] = _HINT[lang].format(close=values["close"]) if values.get("close") else ""
    values["got"] = _GOT[lang].format(value=values["value"]) if "value" in values else ""
    return MESSAGES[key][lang].format(**values)
