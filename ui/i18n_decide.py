"""Texts of the business case, sweeps and sensitivity (issue 11), part of the one translation
table (ui.i18n merges them). Every key has a Dutch and an English text."""

from __future__ import annotations

DECIDE_TEXTS: dict[str, dict[str, str]] = {
    "tornado_axis": {"nl": "Verschil met de werkwijze (gepaard, dezelfde burgers): {metric}",
                     "en": "Difference from the setting (paired, the same citizens): {metric}"},
    "m_cost_eur": {"nl": "Kosten (EUR)", "en": "Cost (EUR)"},
    "m_failure_cost_eur": {"nl": "Kosten van faalvraag (EUR)", "en": "Cost of failure demand (EUR)"},
    "m_year_cost_eur": {"nl": "Kosten per jaar, regisseursrol bemand (EUR)", "en": "Cost a year, case-manager role staffed (EUR)"},
    "per_year_short": {"nl": "/jr", "en": "/yr"},
    "m_case_manager_cost_eur": {"nl": "Kosten rol casusregisseur (EUR)", "en": "Cost of the case-manager role (EUR)"},
    # the business case
    "bc_title": {"nl": "Business case: een jaar van deze werkwijzen", "en": "Business case: a year of these ways of working"},
    "bc_intro": {
        "nl": "Per jaar: {inflow} burgers met deze vragen, een uur van een medewerker kost € {hourly} (integraal; of het "
              "eigen tarief van de rol), een fte werkt {fte} productieve uren. Elk bedrag is het bedrag per burger uit de "
              "simulatie maal de jaarlijkse instroom, met het 95%-interval. De aannames en hun bronnen staan in de PDF.",
        "en": "A year: {inflow} citizens with these questions, a staff hour costs € {hourly} (integral; or the role's own "
              "rate), an FTE works {fte} productive hours. Every amount is the per-citizen figure of the simulation times "
              "the yearly inflow, with its 95% interval. The assumptions and their sources are in the PDF."},
    "bc_verdict": {
        "nl": "**{b}** tegenover **{a}**, per jaar: kosten {cost} (fte {fte}); daarvoor worden {helped} burgers meer "
              "volledig geholpen, haken er {gave_up} af, is de schade voor burgers {harm} en kost faalvraag {failure}.",
        "en": "**{b}** against **{a}**, per year: cost {cost} (FTE {fte}); for that, fully helped citizens {helped}, "
              "citizens who give up {gave_up}, harm to citizens {harm}, and failure demand costs {failure}."},
    "bc_cost_eur": {"nl": "Kosten (medewerkers en kanalen)", "en": "Cost (staff and channels)"},
    "bc_failure_cost_eur": {"nl": "waarvan faalvraag", "en": "of which failure demand"},
    "bc_case_manager_cost_eur": {"nl": "waarvan rol casusregisseur (wijkteam)", "en": "of which the case-manager role"},
    "bc_harm_eur": {"nl": "Schade voor burgers", "en": "Harm to citizens"},
    "bc_staff_hours": {"nl": "Uren medewerkers", "en": "Staff hours"},
    "bc_resolved": {"nl": "Burgers volledig geholpen", "en": "Citizens fully helped"},
    "bc_gave_up": {"nl": "Burgers die afhaken", "en": "Citizens who give up"},
    "bc_fte": {"nl": "Fte nodig voor dit werk", "en": "FTE needed for this work"},
    "bc_difference": {"nl": "Verschil (gepaard)", "en": "Difference (paired)"},
    "bc_fte_per_desk": {"nl": "Fte per loket", "en": "FTE per desk"},
    "bc_fte_note": {
        "nl": "Fte = de tijd die een burger aan dit loket kost, maal de instroom, gedeeld door de productieve uren van een "
              "fte: de mensen die dit werk een jaar bezig houdt — niet de bezetting uit het scenario, die ook op burgers "
              "wacht (benutting).",
        "en": "FTE = the staff time a citizen costs at this desk, times the inflow, over the productive hours of an FTE: "
              "the people this work keeps busy for a year — not the staffing in the scenario, which also waits for "
              "citizens (utilisation)."},
    "bc_harm": {
        "nl": "Schade: wat burgers mislopen zolang een vraag openstaat (per vraag een bedrag per week, bv. een week "
              "bijstand), vanaf aankomst tot de vraag is opgelost of de volgperiode van {horizon} werkdagen om is. Ze groeit "
              "met die periode: vergelijk schade alleen tussen runs met dezelfde volgperiode.",
        "en": "Harm: what citizens miss while a need is open (an amount a week per need, e.g. a week of benefit), from "
              "arrival until the need is resolved or the {horizon}-day follow-up ends. It grows with that window: compare "
              "harm only between runs with the same follow-up."},
    "bc_pdf": {"nl": "Business case voor het MT (PDF)", "en": "Business case for management (PDF)"},
    "bc_pdf_help": {"nl": "Het oordeel, een jaar van beide werkwijzen, fte per loket, de instellingen, elke aanname met "
                          "bron, de datum en de vingerafdruk van het scenario.",
                    "en": "The verdict, a year of both ways of working, FTE per desk, the settings, every assumption with "
                          "its source, the date and the scenario's fingerprint."},
    "bc_scenario": {"nl": "Scenario: {name}", "en": "Scenario: {name}"},
    "bc_pdf_title": {"nl": "Business case: {b} tegenover {a}", "en": "Business case: {b} against {a}"},
    "bc_pdf_sub": {"nl": "{date} · {name} · scenario-vingerafdruk {fingerprint} · {citizens} burgers × {reps} herhalingen, "
                         "seed {seed}; bedragen per jaar, gemiddelde [95%-interval]",
                   "en": "{date} · {name} · scenario fingerprint {fingerprint} · {citizens} citizens × {reps} replications, "
                         "seed {seed}; amounts per year, mean [95% interval]"},
    "bc_year": {"nl": "Per jaar ({inflow} burgers)", "en": "Per year ({inflow} citizens)"},
    "bc_assumptions": {"nl": "Aannames en bronnen (uit het scenariobestand)", "en": "Assumptions and sources (from the scenario file)"},
    "bc_col_section": {"nl": "onderdeel", "en": "section"},
    "bc_col_key": {"nl": "sleutel", "en": "key"},
    "bc_col_value": {"nl": "waarde", "en": "value"},
    "bc_col_source": {"nl": "bron of aanname", "en": "source or assumption"},
    # which lever matters; the break-even view
    "tn_title": {"nl": "Welke knop doet ertoe?", "en": "Which lever matters?"},
    "tn_intro": {"nl": "Elke knop één stap vanaf het vertrekpunt (kansen ±10 procentpunt, keuzes naar elke andere "
                       "waarde, desgewenst elk loket ±1 medewerker), op dezelfde burgers; {reps} herhalingen per variant.",
                 "en": "Each lever one step from the starting point (probabilities ±10 points, choices to each other "
                       "value, optionally each desk ±1 member of staff), on the same citizens; {reps} replications per "
                       "variant."},
    "tn_staff": {"nl": "Ook de bezetting per loket (duurt langer)", "en": "Staff per desk too (takes longer)"},
    "tn_go": {"nl": "Reken {n} varianten door", "en": "Run {n} variants"},
    "tn_running": {"nl": "Varianten lopen", "en": "Running the variants"},
    "tn_caption": {"nl": "Balk = gepaard verschil met het vertrekpunt, streep = 95%-interval; groen = lager, rood = hoger.",
                   "en": "Bar = paired difference from the starting point, whisker = 95% interval; green = lower, red = higher."},
    "be_title": {"nl": "Vanaf hoeveel regisseurs loont integraal werken?", "en": "From how many case managers does integral work pay?"},
    "be_against": {"nl": "Vergeleken met", "en": "Compared with"},
    "be_intro": {"nl": "Integraal met 1 tot 6 medewerkers op de regisseursrol ({manager}), telkens naast de gekozen "
                       "werkwijze op dezelfde burgers ({reps} herhalingen): onder nul doet integraal het beter. De "
                       "kosten per jaar tellen de regisseursrol als bemand (een jaar aan uren per medewerker, bezig of "
                       "wachtend) en de andere loketten naar het werk dat ze doen.",
                 "en": "Integral with 1 to 6 staff on the case-manager role ({manager}), each beside the chosen way of "
                       "working on the same citizens ({reps} replications): below zero integral does better. The cost "
                       "of a year counts the case-manager role as staffed (a year of hours per person, busy or waiting) "
                       "and the other desks by the work they do."},
    "be_go": {"nl": "Reken het uit", "en": "Work it out"},
    "be_staff": {"nl": "regisseurs", "en": "case managers"},
    "be_pays": {"nl": "Integraal werken loont vanaf {n} regisseur(s): dan is zowel de doorlooptijd als het aandeel "
                      "afhakers duidelijk lager dan bij {alt} (gepaard 95%-interval onder nul). De kosten staan ernaast.",
                "en": "Integral work pays from {n} case manager(s): both lead time and the gave-up share are then "
                      "clearly lower than under {alt} (paired 95% interval below zero). The cost is beside it."},
    "be_enough": {"nl": "Een {next}e regisseur maakt de doorlooptijd niet meer duidelijk korter (gepaard tegen {k}), maar "
                        "kost € {eur} per jaar: een medewerker op de rol kost een jaar aan uren, bezig of wachtend. Bezetting "
                        "van de rol bij {k}: {busy}%.",
                  "en": "Case manager no. {next} no longer shortens the lead time clearly (paired against {k}), but "
                        "costs € {eur} a year: a person on the role costs a year of hours, busy or waiting. Utilisation "
                        "of the role at {k}: {busy}%."},
    "be_never": {"nl": "Met tot {most} regisseurs is integraal werken niet op beide punten duidelijk beter dan {alt}.",
                 "en": "With up to {most} case managers integral work is not clearly better than {alt} on both counts."},
}
