"""Synthetic names, places and organisations for the demo database. Every entry is invented.

Kept apart from ``demo.py`` so the generator stays readable. Place names are real Stockport
localities; streets, practices, organisations and people are fictional.
"""

from __future__ import annotations

# (name, relative size, localities, postcode sectors, hub venue). Sizes are rough and only make
# neighbourhoods differ the way real ones do.
NEIGHBOURHOODS = (
    (
        "Bramhall & Cheadle Hulme South",
        14,
        ("Bramhall", "Cheadle Hulme", "Woodford"),
        ("SK7 1", "SK7 2", "SK7 3", "SK8 6", "SK8 7"),
        "Bramhall Neighbourhood Hub",
    ),
    (
        "Cheadle & Cheadle Hulme North",
        13,
        ("Cheadle", "Cheadle Hulme", "Gatley", "Heald Green"),
        ("SK8 1", "SK8 2", "SK8 3", "SK8 4", "SK8 5"),
        "Cheadle Community Hub",
    ),
    (
        "Heatons & Tame Valley",
        15,
        ("Heaton Moor", "Heaton Chapel", "Heaton Norris", "Reddish"),
        ("SK4 2", "SK4 3", "SK4 4", "SK4 5", "SK5 6", "SK5 7"),
        "Heatons Health and Wellbeing Hub",
    ),
    (
        "Marple & Werneth",
        12,
        ("Marple", "Marple Bridge", "Romiley", "Woodley", "Compstall"),
        ("SK6 3", "SK6 4", "SK6 5", "SK6 6", "SK6 7"),
        "Marple Neighbourhood Centre",
    ),
    (
        "Stockport Central",
        11,
        ("Hillgate", "Heaviley", "Portwood"),
        ("SK1 1", "SK1 2", "SK1 3", "SK1 4"),
        "Central Stockport Hub",
    ),
    (
        "Stockport East & South",
        14,
        ("Hazel Grove", "Offerton", "Great Moor", "High Lane"),
        ("SK2 5", "SK2 6", "SK2 7", "SK7 4", "SK7 5", "SK7 6", "SK12 1", "SK12 2"),
        "Hazel Grove Neighbourhood Hub",
    ),
    (
        "Stockport West",
        10,
        ("Edgeley", "Cheadle Heath", "Adswood", "Shaw Heath"),
        ("SK3 0", "SK3 8", "SK3 9"),
        "Edgeley Community Hub",
    ),
    (
        "Victoria",
        11,
        ("Brinnington", "Bredbury", "Reddish Vale"),
        ("SK5 8", "SK6 1", "SK6 2"),
        "Victoria Neighbourhood Hub",
    ),
)

# Letters used in the inward part of UK postcodes (never C, I, K, M, O, V).
INWARD_LETTERS = "ABDEFGHJLNPQRSTUWXYZ"

PRACTICE_WORDS = (
    "Alder", "Ashgrove", "Beechcroft", "Birchwood", "Brookside", "Cedar", "Chestnut", "Elmtree",
    "Foxglove", "Hawthorn", "Heather", "Hollybank", "Juniper", "Kingfisher", "Lapwing",
    "Larchwood", "Maple", "Meadowbank", "Millbrook", "Oakfield", "Riverside", "Rowan", "Sycamore",
    "Willow", "Yewtree", "Wrenfield", "Thornleigh", "Primrose", "Bluebell", "Orchard", "Moorside",
    "Hillcrest",
)  # fmt: skip
PRACTICE_KINDS = ("Surgery", "Medical Centre", "Medical Practice", "Family Practice",
                  "Health Centre")  # fmt: skip

# (name, kind): a community NHS trust, a mental health trust, adult social care, the voluntary
# sector, housing and a pharmacy team. The GP practices are added as organisations too.
ORGANISATIONS = (
    ("Mersey Vale NHS Foundation Trust (community services)", "nhs_trust"),
    ("Goyt Valley Mental Health NHS Foundation Trust", "nhs_trust"),
    ("Stockport Council Adult Social Care", "council"),
    ("Age Well Stockport", "voluntary"),
    ("Carers Together Stockport", "voluntary"),
    ("Mersey Tame Homes", "housing"),
    ("Neighbourhood Pharmacy Team", "other"),
)

# (role, how many members, organisation index or None for a practice, core member?)
ROLES = (
    ("GP", 5, None, True),
    ("district nurse", 3, 0, True),
    ("community matron", 2, 0, True),
    ("social worker", 3, 2, True),
    ("mental health practitioner", 2, 1, False),
    ("pharmacist", 2, 6, False),
    ("physiotherapist", 1, 0, False),
    ("occupational therapist", 2, 0, False),
    ("care coordinator", 3, 2, True),
    ("voluntary sector link worker", 2, 3, False),
    ("housing officer", 1, 5, False),
)
KEY_WORKER_ROLES = ("care coordinator", "social worker", "district nurse", "community matron")

# Name groups: (weight, female given names, male given names, family names, preferred language).
# Older people in Stockport are mostly White British; the rest gives a UK-diverse register with
# accented and long names so that every screen and document meets them.
NAME_GROUPS = (
    (
        64,
        "Margaret Dorothy Joan Jean Patricia Barbara Irene Sheila Brenda Doreen Joyce Eileen "
        "Pauline Maureen Sylvia Valerie Christine Susan Elizabeth Mary Kathleen Edna Hilda Betty "
        "Audrey Marjorie Zoë Renée Chloë Ann Rosemary Gwendoline Mona Beryl Elsie Gladys".split(),
        "John David Brian Kenneth Peter Michael Alan Roy Derek Keith Ronald Geoffrey Raymond "
        "Norman Frank Dennis Harold Colin Barry Trevor Stanley Bernard Gordon Leslie Noël "
        "Maximilian-Alexander Bartholomew".split(),
        "Smith Jones Taylor Brown Williams Wilson Johnson Davies Robinson Wright Thompson Evans "
        "Walker White Roberts Green Hall Wood Jackson Clarke Hughes Lees Bradshaw Hulme Ashworth "
        "Barlow Shufflebotham Wolstenholme Fotheringham-Cholmondeley "
        "Featherstonehaugh-Wolstenholme Ramsbottom Higginbottom Greenhalgh Entwistle Brierley "
        "Openshaw Kershaw".split(),
        None,
    ),
    (
        6,
        "Siobhán Aoife Niamh Máire Bríd Mary Bernadette Róisín Caitríona".split(),
        "Seán Pádraig Eoin Ciarán Liam Declan Séamus Diarmuid".split(),
        [
            "Ó Briain",
            "O'Connor",
            "Murphy",
            "Ó Súilleabháin",
            "Mac Giolla Phádraig",
            "Kelly",
            "Byrne",
            "Ó Domhnaill",
            "McCarthy",
            "Fitzgerald",
        ],
        None,
    ),  # fmt: skip
    (
        5,
        "Siân Gwenllïan Angharad Eluned Rhiannon Ffion Mererid Nia".split(),
        "Llŷr Dafydd Gwilym Iwan Rhodri Emyr Gethin Huw".split(),
        [
            "Jones",
            "Evans",
            "ap Iorwerth",
            "Pritchard",
            "Llewellyn",
            "Prydderch",
            "Vaughan",
            "Morgan",
        ],
        "Welsh",
    ),
    (
        8,
        "Shamim Nasreen Parveen Rukhsana Zubaida Gurpreet Harbans Kamla Savitri Anjali".split(),
        "Mohammed Abdul Tariq Iqbal Gurdev Harjit Ramesh Suresh Venkatesh Rajinder".split(),
        "Khan Hussain Akhtar Begum Patel Sharma Singh Gill Chaudhry Venkataraghavan "
        "Ramaswamy-Subramanian Mistry Bhattacharya Rahman".split(),
        "Urdu",
    ),
    (
        4,
        "Małgorzata Krystyna Halina Zofia Jadwiga Grażyna".split(),
        "Łukasz Zbigniew Tadeusz Stanisław Józef Wojciech".split(),
        "Wójcik Kowalski Nowak Krzyżanowski Wiśniewski Dąbrowski Zieliński".split(),
        "Polish",
    ),
    (
        3,
        "Lan Hương Mai Thảo Linh Mei Ling".split(),
        "Minh Tuấn Hùng Wei Jian".split(),
        "Nguyễn Trần Lê Phạm Đặng Chen Wong Li".split(),
        "Vietnamese",
    ),
    (
        6,
        "Ngozi Adaeze Abena Gloria Hyacinth Precious Beverley Oluwaseun".split(),
        "Oluwaseun Kwame Winston Desmond Emeka Kofi Delroy Chinedu".split(),
        "Okonkwo Mensah Adeyemi Campbell Thompson-Grant Asante Clarke Oyelaran-Adebayo".split(),
        None,
    ),
    (
        4,
        "Hélène Françoise María Ana Eleni Giulia Ingrid Brigitte".split(),
        "José François Giovanni Nikos Jürgen Søren Mehmet".split(),
        "Müller Sørensen Núñez Papadopoulou-Konstantinidou Rossi Dubois Öztürk Çelik".split(),
        None,
    ),
)
LANGUAGE_NEEDS = {
    "Welsh": "Welsh is {their} first language; offer to speak Welsh where possible",
    "Urdu": "Prefers Urdu: book an interpreter for visits and meetings",
    "Polish": "Polish speaker: book an interpreter for appointments",
    "Vietnamese": "Vietnamese interpreter needed; daughter helps with letters",
}
COMMUNICATION_NEEDS = (
    "Hearing aids: face {them} and speak clearly; phone calls are difficult",
    "Registered blind: phone rather than write, or send letters in large print",
    "Aphasia after a stroke: use short questions and allow time to answer",
    "Memory problems: involve the family in conversations and write things down",
    "British Sign Language user: book a BSL interpreter",
    "Prefers easy-read letters",
)

STREETS = (
    "Acacia Road", "Beech Avenue", "Church Lane", "Moss Lane", "Mill Street", "Station Road",
    "Hall Street", "Park Road", "Green Lane", "Chapel Street", "Hollins Lane", "Oak Drive",
    "Elm Grove", "Lime Avenue", "Fir Tree Close", "Holly Road", "Brook Street", "Albert Road",
    "Queens Road", "Kings Drive", "Meadow Way", "Orchard Close", "Windsor Avenue", "Grove Lane",
    "Cross Street", "Hillside Road", "Valley Road", "Lowfield Road", "Bank Street", "Lake Road",
)  # fmt: skip
COURTS = ("Beech Court", "Hollin House", "Mersey View", "Alder Court", "Goyt Lodge", "Tame Court")

# (text, sex of the carer named by {g}).
CARERS_AT_HOME = (
    ("Husband, {g}, is {their} main carer", "M"),
    ("Wife, {g}, is {their} main carer and has her own health problems", "F"),
    ("Lives with {their} son, {g}, who works full time", "M"),
    ("Daughter, {g}, lives with {them} and cares around her job", "F"),
)
CARERS_AWAY = (
    ("Daughter, {g}, visits most days", "F"),
    ("Son, {g}, lives nearby and does the shopping", "M"),
    ("Niece, {g}, phones daily and visits at weekends", "F"),
    ("Neighbour, {g}, checks in each morning", "F"),
    ("Paid carers twice a day; son, {g}, lives in Leeds", "M"),
)

CONDITIONS = (
    ("COPD", 14), ("heart failure", 12), ("type 2 diabetes", 16), ("dementia", 12),
    ("Parkinson's disease", 4), ("CKD stage 3", 8), ("CKD stage 4", 3), ("osteoarthritis", 14),
    ("atrial fibrillation", 10), ("depression", 9), ("falls", 14), ("hypertension", 15),
    ("osteoporosis", 6), ("previous stroke", 6), ("macular degeneration", 4),
    ("anxiety", 5), ("chronic pain", 5), ("incontinence", 5), ("cancer (palliative)", 2),
)  # fmt: skip

WHAT_MATTERS = (
    "“I want to stay in my own home.”",
    "“Keeping my dog, Bella, with me.”",
    "“Getting to church on Sundays.”",
    "“Being able to potter in the garden again.”",
    "“Not going back into hospital.”",
    "“Seeing my grandchildren.”",
    "“I don't want to be a burden on my family.”",
    "“Getting back to the lunch club at the community centre.”",
    "“When the time comes, I want to die at home.”",
    "“Getting out to the shops on my own.”",
    "“Keeping in touch with my friends at the mosque.”",
    "“Staying close to my family.”",
    "“Being able to sleep through the night without worrying.”",
    "“Having someone to talk to.”",
)

REFERRERS = (
    "Dr {i}. {f}, GP, {practice}",
    "Dr {i}. {f}, GP, {practice}",
    "{g} {f}, district nurse",
    "{g} {f}, community matron",
    "Discharge coordinator, Ward {ward}, Mersey Vale Hospital",
    "Adult social care duty team",
    "{g} {f}, practice pharmacist",
    "Self-referral by {their} daughter, through the practice",
)

WHO_TELLS = (
    "{kw} (key worker) by phone this week",
    "GP at the next home visit",
    "{kw} at the next home visit, with {their} family present",
    "District nurse at the next visit",
    "Letter from the practice, followed by a call from {kw}",
    "Already told: {name} joined this part of the meeting by phone",
)
NO_DECISION = (
    "Waiting for the hospital discharge summary",
    "Social care assessment not yet complete",
    "Need {name}'s own view first: key worker to visit before the next meeting",
    "Mental capacity assessment needed before a decision",
    "Presenter not at the meeting; bring back next time",
    "Ran out of time: first item at the next meeting",
)
OVERRIDES = (
    "Serious risk of harm: discussed without consent under the duty of care (agreed by the chair)",
    "Safeguarding concern: sharing justified to protect {name}; chair's decision recorded",
)
AOB_TITLES = (
    "Winter pressures: community bed availability",
    "Update on the new falls pathway",
    "Carers' week events in the neighbourhood",
    "Feedback from the last care home forum",
    "Changes to the district nursing rota over the holidays",
    "Flu and COVID vaccination clinics for housebound people",
)
REVIEW_UPDATES = (
    "Update from {kw}: {name} has settled with the new support and feels more confident.",
    "{name} had another fall last week, no injury; lying and standing blood pressure pending.",
    "Readmitted for three days with a chest infection; home again and slowly improving.",
    "Medication review done: two medicines stopped, no side effects reported since.",
    "Package of care started; carers report {name} is eating better.",
    "Family say {name} is more confused in the evenings; no sign of infection on testing.",
    "Little change since the last meeting; {name} still declining the day centre.",
    "Equipment delivered and fitted; {name} using the perching stool and rails.",
)
REVIEW_NOTES = (
    "{kw} reports the plan is mostly working; the family would like one named contact.",
    "Team agreed the risks are lower than at referral but not gone. {name} wants to keep going.",
    "District nurse and social worker have visited jointly; no new safeguarding concerns.",
    "Carers report more good days than bad. {name} has been out to the shops twice.",
)
# Said only when the meeting has just carried actions of the case on.
STILL_OPEN = (
    "Some actions from the last meeting are still open; owners to update by the end of the week."
)
# A decision that names a review interval is given the matching outcome (demo_outcomes).
REVIEW_DECISIONS = (
    "Continue the current plan; review in four weeks.",
    "Plan working: reduce to monthly phone calls; review in two months.",
    "Increase the care package to three visits a day; review in a month.",
    "Keep on the caseload; GP to review medicines before the next meeting.",
    "Step down to the key worker alone; bring back if anything changes.",
    "Extra evening call for now; review in two weeks.",
    "Hold the plan steady while the new medicines settle; review in six weeks.",
    "Settled: step down to a phone call from the key worker; review in three months.",
)
CLOSING = {
    "goals_met": "Goals met: {name} is managing well with the support in place. Close to the MDT; "
    "the practice will re-refer if things change.",
    "moved_away": "{name} has moved to live near family outside Stockport. Hand over to the new "
    "GP and close.",
    "died": "{name} died peacefully; the family were supported. Close and offer bereavement "
    "support.",
    "declined": "{name} has capacity and has declined further support after a full discussion "
    "of the risks. Close; {their} key worker has left contact details.",
    "long_term_care": "{name} has moved into a nursing home permanently. Close; the care home "
    "team takes over.",
}
# What the key worker reports at the meeting that closes a case, by closing reason.
CLOSING_SITUATIONS = {
    "goals_met": "{name} is managing well; no new concerns from the family or carers.",
    "moved_away": "{name} has moved to be nearer family.",
    "died": "{name} died last week at home, with family present.",
    "declined": "{name} has told {kw} that {they} would rather manage without further visits.",
    "long_term_care": "After a further decline, {name} moved into a nursing home.",
}
# The situation and notes of a death review.
DEATH_REVIEW = (
    "{name} died at home, as {they} had wished.",
    "Reviewed the last weeks of care: anticipatory medicines were in place and the family "
    "felt supported.",
)
CLOSED_REASON_WEIGHTS = (("goals_met", 40), ("long_term_care", 15), ("died", 20),
                         ("moved_away", 10), ("declined", 15))  # fmt: skip
