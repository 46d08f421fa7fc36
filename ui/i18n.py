"""One translation table for every user-facing text of the app, and language-aware numbers.

Keys are English-ish identifiers; every key has a Dutch and an English text (a test checks).
Placeholders use str.format: t("gave_up_n", n="25").
"""

from __future__ import annotations

import math

from ui.i18n_decide import DECIDE_TEXTS
from ui.i18n_manager import MANAGER_TEXTS
from ui.i18n_workshop import WORKSHOP_TEXTS

TEXTS: dict[str, dict[str, str]] = {
    # frame
    "app_title": {"nl": "kastje — van het kastje naar de muur", "en": "kastje — sent from pillar to post"},
    "language": {"nl": "Taal", "en": "Language"},
    "scenario": {"nl": "Scenario", "en": "Scenario"},
    "run_size": {"nl": "Omvang van de simulatie", "en": "Simulation size"},
    "citizens": {"nl": "Burgers per herhaling", "en": "Citizens per replication"},
    "replications": {"nl": "Herhalingen", "en": "Replications"},
    "seed": {"nl": "Startgetal (seed)", "en": "Seed"},
    "running": {"nl": "Simulatie loopt ({name}): {done} van {total} herhalingen klaar",
                "en": "Simulating ({name}): {done} of {total} replications done"},
    "page_compare": {"nl": "Chaos vs integraal", "en": "Chaos vs integral"},
    "page_whatif": {"nl": "Wat als …", "en": "What if …"},
    "page_journey": {"nl": "Reis van een burger", "en": "A citizen's journey"},
    "page_scenario": {"nl": "Scenario kiezen", "en": "Choose scenario"},
    # compare
    "compare_intro": {
        "nl": "Twee manieren van werken naast elkaar, met dezelfde burgers: in elke herhaling komen "
              "dezelfde mensen op hetzelfde moment binnen, met dezelfde casus en hetzelfde profiel. "
              "Elk getal is een gemiddelde per burger met een 95%-betrouwbaarheidsinterval over de herhalingen.",
        "en": "Two ways of working side by side, with the same citizens: in every replication the same "
              "people arrive at the same moments, with the same case and profile. "
              "Every figure is a mean per citizen with a 95% confidence interval over the replications."},
    "setting_a": {"nl": "Werkwijze links", "en": "Left setting"},
    "setting_b": {"nl": "Werkwijze rechts", "en": "Right setting"},
    "headline": {"nl": "In één oogopslag", "en": "At a glance"},
    "ci": {"nl": "95%-BI {lo} – {hi}", "en": "95% CI {lo} – {hi}"},
    "story": {
        "nl": "Onder **{setting}** zag de gemiddelde burger **{desks}** loketten en vertelde "
              "**{tellings}** keer het verhaal; **{gave_up}** van de 100 haakten af en **{helped}** van de 100 "
              "werden volledig geholpen. Doorlooptijd gemiddeld **{lead}** werkdagen (wie na de volgperiode van "
              "{horizon} werkdagen niet volledig geholpen is, telt mee met {horizon}).",
        "en": "Under **{setting}** the average citizen saw **{desks}** desks and told their story "
              "**{tellings}** times; **{gave_up}** in 100 gave up and **{helped}** in 100 were fully helped. "
              "Lead time **{lead}** working days on average (a citizen not fully helped by the end of the "
              "{horizon}-day follow-up counts as {horizon})."},
    "overloaded": {
        "nl": "**Overbelast onder {setting}: {desk}** krijgt meer werk dan de medewerkers aankunnen "
              "(aangeboden werk {load} keer de capaciteit). De wachtrij daar groeit zolang de simulatie loopt, "
              "dus elk gemiddelde hieronder dat langs dit loket gaat, hangt af van hoe lang je simuleert. "
              "Zet er meer medewerkers neer of verlaag de instroom voor een eerlijk beeld.",
        "en": "**Overloaded under {setting}: {desk}** gets more work than its staff can do (work offered "
              "{load} times its capacity). Its queue grows for as long as the simulation runs, so every average "
              "below that passes this desk depends on how long you simulate. Add staff or lower the inflow "
              "for a fair picture."},
    "overloaded_short": {
        "nl": "Let op — overbelast onder {setting}: {desk} (aangeboden werk {load} keer de capaciteit); "
              "gemiddelden die langs dit loket gaan, hangen af van hoe lang je simuleert.",
        "en": "Note — overloaded under {setting}: {desk} (work offered {load} times its capacity); averages "
              "that pass this desk depend on how long you simulate."},
    "no_clear_difference": {"nl": "geen duidelijk verschil", "en": "no clear difference"},
    "better": {"nl": "beter", "en": "better"},
    "points": {"nl": "procentpunt", "en": "points"},
    "worse": {"nl": "slechter", "en": "worse"},
    "verdict": {
        "nl": "**{b}** tegenover **{a}**: {handoffs} doorverwijzingen en {retellings} keer opnieuw vertellen per burger, "
              "{gave_up} afhakers per 100, doorlooptijd {lead} werkdagen — bij {staff} minuten medewerkerstijd per burger.",
        "en": "**{b}** against **{a}**: {handoffs} hand-offs and {retellings} retellings per citizen, "
              "{gave_up} gave up per 100, lead time {lead} working days — at {staff} minutes of staff time per citizen."},
    "lessons": {"nl": "De drie lessen van de A&O-simulatie", "en": "The three lessons of the A&O simulation"},
    "lesson_chain": {
        "nl": "**1. Ken de keten.** Verkeerde doorverwijzingen per burger: {a} → {b}; doorverwijzingen: {c} → {d}.",
        "en": "**1. Know the chain.** Wrong referrals per citizen: {a} → {b}; hand-offs: {c} → {d}."},
    "lesson_share": {
        "nl": "**2. Deel informatie.** Keren dat een burger het verhaal opnieuw vertelt: {a} → {b}.",
        "en": "**2. Share information.** Times a citizen tells the story again: {a} → {b}."},
    "lesson_room": {
        "nl": "**3. Zoek creatief naar een oplossing (regelruimte).** Uitzonderingen per burger: {a} → {b}; "
              "afhakers per 100: {c} → {d}.",
        "en": "**3. Look creatively for a solution (room to decide).** Exceptions per citizen: {a} → {b}; "
              "gave up per 100: {c} → {d}."},
    "funnel": {"nl": "Wat er van de burgers terechtkomt", "en": "What becomes of the citizens"},
    "distributions": {"nl": "Spreiding over burgers (niet alleen het gemiddelde)",
                      "en": "Spread over citizens (not just the mean)"},
    "network": {"nl": "Netwerk van doorverwijzingen", "en": "Hand-off network"},
    "network_caption": {
        "nl": "Knoop = rol; lijndikte = doorverwijzingen per herhaling; kleur = aandeel verkeerde doorverwijzingen "
              "(blauw: alle goed, rood: alle verkeerd).",
        "en": "Node = role; line width = hand-offs per replication; colour = share of wrong referrals "
              "(blue: all right, red: all wrong)."},
    "no_handoffs": {"nl": "Geen doorverwijzingen.", "en": "No hand-offs."},
    "export": {"nl": "Downloaden", "en": "Export"},
    "dl_metrics": {"nl": "Kengetallen (CSV)", "en": "Metrics (CSV)"},
    "dl_events": {"nl": "Gebeurtenissenlog (CSV)", "en": "Event log (CSV)"},
    "dl_png": {"nl": "Grafiek: {name} (PNG)", "en": "Chart: {name} (PNG)"},
    "dl_pdf": {"nl": "Rapport voor het MT (PDF)", "en": "Report for management (PDF)"},
    "arrived": {"nl": "aangekomen", "en": "arrived"},
    "outcome_resolved": {"nl": "geholpen", "en": "helped"},
    "outcome_partly": {"nl": "deels geholpen", "en": "partly helped"},
    "outcome_gave_up": {"nl": "afgehaakt", "en": "gave up"},
    "outcome_open": {"nl": "nog bezig", "en": "still open"},
    "per_citizen": {"nl": "aantal burgers", "en": "citizens"},
    "report_title": {"nl": "Verkokerd tegenover integraal werken", "en": "Siloed versus integral work"},
    "report_footer": {"nl": "{citizens} burgers × {reps} herhalingen, seed {seed}. Gemiddelde [95%-BI].",
                      "en": "{citizens} citizens × {reps} replications, seed {seed}. Mean [95% CI]."},
    # metric names
    "m_handoffs": {"nl": "Doorverwijzingen", "en": "Hand-offs"},
    "m_retellings": {"nl": "Opnieuw verteld", "en": "Retellings"},
    "m_tellings": {"nl": "Keren verteld", "en": "Tellings"},
    "m_contacts": {"nl": "Contacten", "en": "Contacts"},
    "m_wrong_referrals": {"nl": "Verkeerde doorverwijzingen", "en": "Wrong referrals"},
    "m_ping_pong": {"nl": "Pingpong", "en": "Ping-pong"},
    "m_distinct_roles": {"nl": "Verschillende loketten", "en": "Distinct desks"},
    "m_failure_demand_share": {"nl": "Faalvraag (aandeel contacten)", "en": "Failure demand (share of contacts)"},
    "m_lead_time_days": {"nl": "Doorlooptijd (werkdagen)", "en": "Lead time (working days)"},
    "m_lead_time_median_days": {"nl": "Doorlooptijd, mediaan (werkdagen)", "en": "Lead time, median (working days)"},
    "m_lead_time_resolved_days": {"nl": "Doorlooptijd van wie geholpen is (werkdagen)",
                                  "en": "Lead time of those helped (working days)"},
    "m_resolved_rate": {"nl": "Volledig geholpen", "en": "Fully helped"},
    "m_partly_rate": {"nl": "Deels geholpen", "en": "Partly helped"},
    "m_gave_up_rate": {"nl": "Afgehaakt", "en": "Gave up"},
    "m_open_rate": {"nl": "Nog bezig", "en": "Still open"},
    "m_first_contact_resolution": {"nl": "Bij eerste contact opgelost", "en": "First-contact resolution"},
    "m_wait_minutes": {"nl": "Wachttijd (minuten)", "en": "Waiting (minutes)"},
    "m_staff_minutes": {"nl": "Tijd medewerkers (minuten)", "en": "Staff time (minutes)"},
    "m_harm_eur": {"nl": "Schade (EUR)", "en": "Harm (EUR)"},
    "m_exceptions": {"nl": "Uitzonderingen", "en": "Exceptions"},
    "m_exceptions_overturned": {"nl": "Uitzonderingen teruggedraaid", "en": "Exceptions overturned"},
    "m_legal_term_breaches": {"nl": "Wettelijke termijn overschreden", "en": "Legal terms breached"},
    "m_hidden_needs_found": {"nl": "Verborgen vragen gevonden", "en": "Hidden needs found"},
    "m_self_service_attempts": {"nl": "Pogingen zelf online", "en": "Self-service attempts"},
    "m_self_service_success": {"nl": "Zelf online gelukt", "en": "Self-service succeeded"},
    "m_callbacks_lost": {"nl": "Terugbelverzoeken zonder terugbellen", "en": "Call-backs never made"},
    "m_proactive_contacts": {"nl": "Contacten vooraf (proactief)", "en": "Proactive contacts"},
    "m_crises_prevented": {"nl": "Crises voorkomen", "en": "Crises prevented"},
    # levers
    "l_shared_file": {"nl": "Gedeeld dossier", "en": "Shared case file"},
    "l_routing_knowledge": {"nl": "Ketenkennis (kans op juiste doorverwijzing)", "en": "Chain knowledge (chance of a right referral)"},
    "l_handoff": {"nl": "Overdracht", "en": "Hand-off"},
    "l_intake": {"nl": "Intake", "en": "Intake"},
    "l_discretion": {"nl": "Regelruimte (kans op uitzondering)", "en": "Room to decide (chance of an exception)"},
    "l_coordination": {"nl": "Regie", "en": "Coordination"},
    "v_none": {"nl": "geen", "en": "none"},
    "v_consent": {"nl": "met toestemming", "en": "with consent"},
    "v_full": {"nl": "volledig", "en": "full"},
    "v_cold": {"nl": "koud (‘ga naar loket X’)", "en": "cold (‘go to desk X’)"},
    "v_warm": {"nl": "warm (medewerker draagt over)", "en": "warm (staff transfer the case)"},
    "v_narrow": {"nl": "smal (alleen de vraag)", "en": "narrow (only the question)"},
    "v_broad": {"nl": "breed (alle leefgebieden)", "en": "broad (all life domains)"},
    "v_case_manager": {"nl": "casusregisseur", "en": "case manager"},
    "l_channel_strategy": {"nl": "Kanaalstrategie", "en": "Channel strategy"},
    "channel_levers": {"nl": "Kanalen en vooruitdenken", "en": "Channels and thinking ahead"},
    "who_fails": {"nl": "Wie laat deze werkwijze in de steek?", "en": "Who does this way of working fail?"},
    "who_fails_caption": {
        "nl": "Per burgerprofiel (Motivaction-burgerschapsstijlen): wie volledig geholpen wordt, wie afhaakt, hoe vaak "
              "het verhaal opnieuw verteld wordt, de doorlooptijd en de tijd van medewerkers. Beter of slechter staat er "
              "alleen als het gepaarde 95%-interval (dezelfde burgers) nul uitsluit.",
        "en": "Per citizen profile (Motivaction citizenship styles): who is fully helped, who gives up, how often the "
              "story is told again, lead time and staff time. Better or worse is said only when the paired 95% "
              "interval (the same citizens) excludes zero."},
    "profile": {"nl": "Profiel", "en": "Profile"},
    "who_by": {"nl": "Uitgesplitst", "en": "Broken down"},
    "by_profile": {"nl": "per burgerprofiel", "en": "per citizen profile"},
    "by_case": {"nl": "per casus", "en": "per case"},
    "l_digital_first": {"nl": "Digitaal eerst (zelf online)", "en": "Digital first (self-service)"},
    "l_proactive": {"nl": "Vooruitdenken (kans op contact vooraf)", "en": "Thinking ahead (chance of reaching out first)"},
    "v_uniform": {"nl": "uniform (iedereen dezelfde route)", "en": "uniform (one route for everyone)"},
    "v_differentiated": {"nl": "gedifferentieerd (route per profiel)", "en": "differentiated (a route per profile)"},
    # what if
    "whatif_intro": {
        "nl": "Begin bij een werkwijze, verander de knoppen en zie wat er gebeurt. Links het vertrekpunt, rechts uw variant.",
        "en": "Start from a way of working, change the levers and see what happens. Left the starting point, right your variant."},
    "start_from": {"nl": "Vertrekpunt", "en": "Start from"},
    "levers": {"nl": "Knoppen", "en": "Levers"},
    "staff_per_role": {"nl": "Medewerkers per rol", "en": "Staff per role"},
    "citizen_mix": {"nl": "Mix van burgers (aandeel per profiel)", "en": "Citizen mix (share per profile)"},
    "inflow": {"nl": "Instroom (burgers per werkdag)", "en": "Inflow (citizens per working day)"},
    "your_variant": {"nl": "Uw variant", "en": "Your variant"},
    "sweep": {"nl": "Eén knop verschuiven", "en": "Sweep one lever"},
    "sweep_lever": {"nl": "Knop", "en": "Lever"},
    "sweep_metric": {"nl": "Kengetal", "en": "Metric"},
    "sweep_run": {"nl": "Verschuif", "en": "Run sweep"},
    "sweep_caption": {"nl": "Lijn = gemiddelde, band = 95%-BI ({reps} herhalingen per punt).",
                      "en": "Line = mean, band = 95% CI ({reps} replications per point)."},
    "save_preset": {"nl": "Bewaar als nieuwe werkwijze", "en": "Save as a new preset"},
    "preset_name": {"nl": "Naam (kleine letters, cijfers, - of _)", "en": "Name (lower case, digits, - or _)"},
    "bad_preset_name": {"nl": "Gebruik kleine letters, cijfers, - of _, beginnend met een letter.",
                        "en": "Use lower-case letters, digits, - or _, starting with a letter."},
    "download_scenario": {"nl": "Download scenario met deze werkwijze (YAML)", "en": "Download scenario with this preset (YAML)"},
    "mix_note": {"nl": "Aandelen worden naar een totaal van 1 geschaald.", "en": "Shares are scaled to add up to 1."},
    "mix_zero": {"nl": "Geef minstens één profiel een aandeel groter dan 0.", "en": "Give at least one profile a share above 0."},
    # journey
    "journey_intro": {
        "nl": "Kies een burger en speel de reis stap voor stap af, als een opgenomen gesprek.",
        "en": "Pick a citizen and replay the journey step by step, like a recorded consultation."},
    "journey_setting": {"nl": "Werkwijze", "en": "Setting"},
    "pick_by": {"nl": "Kies", "en": "Pick"},
    "pick_typical": {"nl": "een typische burger van een casus", "en": "a typical citizen of a case"},
    "pick_citizen": {"nl": "een burger op nummer", "en": "a citizen by number"},
    "case": {"nl": "Casus", "en": "Case"},
    "citizen": {"nl": "Burger", "en": "Citizen"},
    "step": {"nl": "Stap", "en": "Step"},
    "journey_summary": {
        "nl": "Burger {id} ({case}, {profile}): {desks} loketten, {tellings} keer verteld, {handoffs} doorverwijzingen — {outcome}.",
        "en": "Citizen {id} ({case}, {profile}): {desks} desks, told {tellings} times, {handoffs} hand-offs — {outcome}."},
    "swimlane": {"nl": "Tijdlijn per rol", "en": "Timeline per role"},
    "day": {"nl": "werkdagen sinds aankomst", "en": "working days since arrival"},
    "day_n": {"nl": "dag {d}", "en": "day {d}"},
    "no_citizen": {"nl": "Geen burger van deze casus in de eerste herhaling.", "en": "No citizen of this case in the first replication."},
    "e_arrived": {"nl": "komt binnen met de vraag ‘{need}’", "en": "arrives with the question ‘{need}’"},
    "e_telling": {"nl": "vertelt het verhaal (keer {n})", "en": "tells the story (time {n})"},
    "e_file_read": {"nl": "leest het dossier: niet opnieuw vertellen", "en": "reads the file: no retelling"},
    "e_asked": {"nl": "vraagt naar de andere leefgebieden", "en": "asks about the other life domains"},
    "e_consent_yes": {"nl": "geeft toestemming: het dossier mag mee", "en": "consents: the file may follow"},
    "e_consent_no": {"nl": "geeft geen toestemming: het dossier gaat niet mee", "en": "does not consent: the file stays"},
    "e_transferred": {"nl": "draagt ‘{need}’ over aan de regisseur", "en": "hands ‘{need}’ to the case manager"},
    "e_contact": {"nl": "gesprek over ‘{need}’ ({minutes} min)", "en": "consultation about ‘{need}’ ({minutes} min)"},
    "e_referred_right": {"nl": "verwijst ‘{need}’ door naar {target} (juist loket)", "en": "refers ‘{need}’ to {target} (right desk)"},
    "e_referred_wrong": {"nl": "verwijst ‘{need}’ door naar {target} (verkeerd loket)", "en": "refers ‘{need}’ to {target} (wrong desk)"},
    "e_referred_cm": {"nl": "draagt ‘{need}’ over aan de regisseur ({target})", "en": "hands ‘{need}’ to the case manager ({target})"},
    "e_assigned": {"nl": "zet ‘{need}’ uit bij {target}", "en": "assigns ‘{need}’ to {target}"},
    "e_coordinated": {"nl": "regisseur stemt af over de open vragen", "en": "case manager coordinates the open needs"},
    "e_overturned": {"nl": "toetsing draait de uitzondering voor ‘{need}’ terug", "en": "a review overturns the exception for ‘{need}’"},
    "e_deferred": {"nl": "‘{need}’ uitgesteld: {reason}", "en": "‘{need}’ deferred: {reason}"},
    "e_exception": {"nl": "maakt een uitzondering voor ‘{need}’ ({reason})", "en": "makes an exception for ‘{need}’ ({reason})"},
    "e_progress": {"nl": "‘{need}’ stap {detail}", "en": "‘{need}’ step {detail}"},
    "e_resolved": {"nl": "‘{need}’ opgelost", "en": "‘{need}’ resolved"},
    "e_hidden_found": {"nl": "vindt een verborgen vraag: ‘{need}’", "en": "finds a hidden need: ‘{need}’"},
    "e_crisis": {"nl": "crisis: ‘{need}’ komt alsnog boven", "en": "crisis: ‘{need}’ surfaces after all"},
    "e_gave_up": {"nl": "haakt af", "en": "gives up"},
    "e_left": {"nl": "einde: {outcome}", "en": "end: {outcome}"},
    "e_left_plain": {"nl": "einde van de reis", "en": "end of the journey"},
    "r_prerequisite": {"nl": "eerst moet iets anders geregeld zijn", "en": "something else must be settled first"},
    "r_documents": {"nl": "documenten ontbreken", "en": "documents missing"},
    "r_external": {"nl": "wacht op een ander proces (bv. scheiding)", "en": "waiting for another process (e.g. divorce)"},
    "r_later": {"nl": "kom later terug", "en": "come back later"},
    "legend_contact": {"nl": "gesprek", "en": "consultation"},
    "legend_right": {"nl": "juiste doorverwijzing", "en": "right referral"},
    "legend_wrong": {"nl": "verkeerde doorverwijzing", "en": "wrong referral"},
    "legend_deferred": {"nl": "uitgesteld", "en": "deferred"},
    "legend_resolved": {"nl": "opgelost", "en": "resolved"},
    "legend_gave_up": {"nl": "afgehaakt", "en": "gave up"},
    "legend_telling": {"nl": "verhaal verteld", "en": "story told"},
    # scenario page
    "scenario_intro": {
        "nl": "Kies een meegeleverd scenario of upload een eigen YAML-bestand (zie docs/scenario-format.md).",
        "en": "Pick a shipped scenario or upload your own YAML file (see docs/scenario-format.md)."},
    "shipped": {"nl": "Meegeleverd scenario", "en": "Shipped scenario"},
    "upload": {"nl": "Eigen scenario uploaden", "en": "Upload a scenario"},
    "invalid": {"nl": "Dit bestand is niet bruikbaar; het huidige scenario blijft actief.",
                "en": "This file cannot be used; the current scenario stays active."},
    "loaded": {"nl": "Scenario ‘{name}’ geladen.", "en": "Scenario ‘{name}’ loaded."},
    "active": {"nl": "Actief scenario: {name}", "en": "Active scenario: {name}"},
    "roles": {"nl": "Rollen", "en": "Roles"},
    "needs": {"nl": "Vragen", "en": "Needs"},
    "cases": {"nl": "Casussen", "en": "Cases"},
    "profiles": {"nl": "Burgerprofielen", "en": "Citizen profiles"},
    "settings": {"nl": "Werkwijzen", "en": "Settings"},
    "col_id": {"nl": "id", "en": "id"},
    "col_name": {"nl": "naam", "en": "name"},
    "col_staff": {"nl": "medewerkers", "en": "staff"},
    "col_entry": {"nl": "binnenkomst", "en": "entry"},
    "col_resolves": {"nl": "lost op", "en": "resolves"},
    "col_share": {"nl": "aandeel", "en": "share"},
    "col_story": {"nl": "verhaal", "en": "story"},
    "col_needs": {"nl": "vragen", "en": "needs"},
    "col_persistence": {"nl": "doorzettingsvermogen", "en": "persistence"},
    "col_term": {"nl": "wettelijke termijn (dagen)", "en": "legal term (days)"},
    "yes": {"nl": "ja", "en": "yes"},
    "no": {"nl": "nee", "en": "no"},
}


TEXTS.update(WORKSHOP_TEXTS)
TEXTS.update(MANAGER_TEXTS)
TEXTS.update(DECIDE_TEXTS)


def setting_name(name: str, lang: str) -> str:
    """A setting as people say it: the built-in presets in the reader's language ("verkokerd",
    "integraal"), a trainer's own preset by the name the trainer gave it."""
    key = "set_" + name
    return TEXTS[key][lang] if key in TEXTS else name


def t(key: str, lang: str, **values) -> str:
    text = TEXTS[key][lang]
    return text.format(**values) if values else text


def num(x: float | None, lang: str, digits: int = 1) -> str:
    """A number as a reader of ``lang`` writes it: 1.234,5 in Dutch, 1,234.5 in English."""
    if x is None or (isinstance(x, float) and math.isnan(x)):
        return "–"
    text = f"{x:,.{digits}f}"
    if lang == "nl":
        text = text.replace(",", "\x00").replace(".", ",").replace("\x00", ".")
    return text


def pct(x: float | None, lang: str, digits: int = 0) -> str:
    return "–" if x is None else num(100 * x, lang, digits) + "%"


RATE_METRICS = {"gave_up_rate", "resolved_rate", "partly_rate", "open_rate", "failure_demand_share", "self_service_success",
                "first_contact_resolution"}
WHOLE_METRICS = {"staff_minutes", "harm_eur", "wait_minutes", "cost_eur", "failure_cost_eur", "case_manager_cost_eur"}


def metric_value(metric: str, value: float | None, lang: str) -> str:
    """A metric as people read it: rates in %, minutes and euros whole, the rest with decimals."""
    if metric in RATE_METRICS:
        return pct(value, lang)
    return num(value, lang, 0 if metric in WHOLE_METRICS else 2)
