"""Story templates for demo referrals, discussions and actions. Every word is invented.

Each theme is one reason people are brought to a neighbourhood MDT. Placeholders are filled from
the person: ``{name}`` (given name), ``{age}``, ``{conditions}``, ``{living}``, ``{kw}`` (key
worker), and pronouns ``{they}``, ``{their}``, ``{them}`` (only ever before a modal verb or as an
object, so that "she can" and "they can" both read well).
"""

from __future__ import annotations

# A theme may say whether the person lives alone; otherwise about 40% do.
BACKGROUND = (
    "{age}-year-old with {conditions}. {living}.",
    "{living}. Known to the practice with {conditions}; aged {age}.",
)

# Done by the case coming back to a meeting, and due on the review date agreed.
BRING_BACK = "Bring {name} back to the MDT for review"
# Actions any theme may add, by the role that usually owns them.
COMMON_ACTIONS = (
    ("care coordinator", "Phone {name} to check the agreed plan is working"),
    ("care coordinator", BRING_BACK),
    ("GP", "Update the anticipatory care plan and share it with out-of-hours services"),
    ("pharmacist", "Structured medication review with {name}"),
    ("voluntary sector link worker", "Introduce {name} to a befriending volunteer"),
)

THEMES = {
    "falls": {
        "weight": 18,
        "condition": "falls",
        "reason": "Recurrent falls at home",
        "questions": (
            "Can {name} stay safely at home with more support?",
            "What would make {name}'s home safer, and who should do it?",
            "Does {name} need a falls clinic or is a home-based plan enough?",
        ),
        "situation": (
            "Three falls in six weeks, one with a long lie overnight.",
            "Found on the floor by a neighbour; no fracture on X-ray, sent home from ED.",
        ),
        "assessment": (
            "High falls risk: postural drop, night-time toileting and a cluttered hallway.",
            "Frightened of falling again and now barely leaving the chair.",
        ),
        "recommendation": (
            "Strength and balance programme, home safety check and a pendant alarm.",
            "OT home visit and a medication review for drugs that raise the risk of falls.",
        ),
        "notes": (
            "Physio felt {name} could improve with a twelve-week programme. OT to look at the "
            "stairs and bathroom. Daughter keen to help but works full time.",
            "Discussed whether a pendant alarm is enough given the long lie; agreed to add "
            "a morning check call. Blood pressure medicines may be contributing.",
        ),
        "decisions": (
            "Home-based falls plan: OT assessment, strength and balance, pendant alarm; review "
            "in six weeks.",
            "Refer to the community falls service and start a morning welfare call.",
        ),
        "actions": (
            ("occupational therapist", "Home safety assessment: stairs, bathroom and hallway"),
            ("physiotherapist", "Start a strength and balance programme at home"),
            ("voluntary sector link worker", "Arrange a pendant alarm and key safe"),
            ("pharmacist", "Review medicines that raise the risk of falls"),
        ),
    },
    "memory": {
        "weight": 14,
        "condition": "dementia",
        "reason": "Worsening memory and missed medicines",
        "questions": (
            "How can we support {name} and {their} family as {their} memory declines?",
            "Is it still safe for {name} to live at home, and what would make it safer?",
        ),
        "situation": (
            "Family report {name} is leaving the gas on and missing medicines.",
            "Two episodes of wandering at night in the past month; police brought {them} home.",
        ),
        "assessment": (
            "Moderate dementia; carer under strain; no lasting power of attorney in place.",
            "Memory worse over six months; no infection found; nobody checks in every day.",
        ),
        "recommendation": (
            "Memory service review, dosette or automated dispenser, carer's assessment.",
            "Best-interests discussion about future care and a conversation about LPA.",
        ),
        "notes": (
            "Mental health practitioner to see {name} at home. Social worker will offer a "
            "carer's assessment to the family. Discussed assistive technology.",
            "Agreed the immediate risk is the cooker; a gas isolation valve can be fitted. "
            "Family would like to talk about future care.",
        ),
        "decisions": (
            "Memory service review and a carer's assessment; fit a gas safety valve.",
            "Continue at home with daily calls and an automated pill dispenser; review in a month.",
        ),
        "actions": (
            ("mental health practitioner", "Memory assessment at home with the family present"),
            ("social worker", "Offer a carer's assessment to the family"),
            ("occupational therapist", "Arrange a gas safety valve and door sensor"),
            ("pharmacist", "Set up an automated pill dispenser"),
        ),
    },
    "breathless": {
        "weight": 16,
        "condition": "COPD",
        "reason": "Frequent hospital admissions with breathlessness",
        "questions": (
            "How do we keep {name} out of hospital this winter?",
            "Is {name} ready to talk about what should happen if {they} should become more unwell?",
        ),
        "situation": (
            "Four admissions in six months with exacerbations; home two days ago.",
            "Calling 999 most weeks when breathless at night.",
        ),
        "assessment": (
            "Severe disease; no rescue pack at home; anxious when breathless.",
            "Oxygen assessment overdue; inhaler technique poor; smoking has stopped.",
        ),
        "recommendation": (
            "Self-management plan with rescue pack, breathlessness clinic, anticipatory care plan.",
            "Community matron case management and a conversation about treatment escalation.",
        ),
        "notes": (
            "Matron thinks anxiety drives many of the calls; a fan and breathing techniques "
            "could help. {name} open to talking about future care.",
            "GP has started a rescue pack. Discussed a ReSPECT form; family not yet ready.",
        ),
        "decisions": (
            "Matron to case-manage; rescue pack and written self-management plan; review monthly.",
            "Refer to the breathlessness service and start an anticipatory care plan.",
        ),
        "actions": (
            ("community matron", "Weekly visits for a month and a written self-management plan"),
            ("GP", "Prescribe a rescue pack and complete a ReSPECT conversation"),
            ("physiotherapist", "Teach breathing control and pacing"),
            ("pharmacist", "Check inhaler technique and simplify inhalers"),
        ),
    },
    "carer": {
        "weight": 10,
        "condition": "Parkinson's disease",
        "lives_alone": False,  # the story is about the carer at home
        "carer": True,
        "reason": "Main carer struggling to cope",
        "questions": (
            "What support would let {name}'s family keep caring?",
            "Does {name} need respite, and who arranges it?",
        ),
        "situation": (
            "Spouse is the only carer, exhausted and recently unwell.",
            "Daughter phoned the practice in tears: cannot keep up with care around her job.",
        ),
        "assessment": ("High risk of carer breakdown; no respite used in two years.",),
        "recommendation": (
            "Carer's assessment, respite and a sitting service.",
            "Review the care package and offer emergency carer planning.",
        ),
        "notes": (
            "Social worker to visit jointly with the care coordinator. Age Well can offer a "
            "sitting service on Tuesdays.",
        ),
        "decisions": (
            "Carer's assessment and two weeks' planned respite; emergency plan for the carer.",
        ),
        "actions": (
            ("social worker", "Carer's assessment and arrange planned respite"),
            ("voluntary sector link worker", "Set up the weekly sitting service"),
            ("care coordinator", "Complete an emergency plan in case the carer is unwell"),
        ),
    },
    "self_neglect": {
        "weight": 8,
        "condition": "depression",
        "reason": "Concerns about self-neglect",
        "questions": (
            "How do we engage {name}, who has turned down help before?",
            "Is this a safeguarding matter, or can we support {name} another way?",
        ),
        "situation": (
            "Neighbours report {name} has not been seen outside for weeks; house very cold.",
            "District nurse found little food in the house and soiled bedding.",
        ),
        "assessment": ("Low mood, weight loss and refusing visits; capacity not yet assessed.",),
        "recommendation": (
            "Build trust through one key worker; mental health review; capacity assessment.",
        ),
        "notes": (
            "Agreed one worker should lead to avoid overwhelming {name}. Housing to check the "
            "heating. Consider a safeguarding referral if no engagement.",
        ),
        "decisions": (
            "One key worker to visit weekly; mental health review; heating check by housing.",
        ),
        "actions": (
            ("mental health practitioner", "Mood review at home"),
            ("housing officer", "Check the heating and apply for a warm homes grant"),
            ("social worker", "Mental capacity assessment about accepting care"),
        ),
    },
    "isolation": {
        "weight": 9,
        "condition": "anxiety",
        "lives_alone": True,  # the story is about a bereavement
        "reason": "Loneliness and low mood after bereavement",
        "questions": (
            "What would help {name} feel less alone?",
            "Can we reconnect {name} with the community?",
        ),
        "situation": ("Lost {their} partner this year and now rarely goes out.",),
        "assessment": ("Grieving and isolated; not clinically depressed on screening.",),
        "recommendation": ("Social prescribing, befriending and a bereavement group.",),
        "notes": (
            "Link worker knows a lunch club two streets away with transport. {name} used to "
            "sing in a choir.",
        ),
        "decisions": (
            "Social prescribing referral; befriender and lunch club; review in two months.",
        ),
        "actions": (
            (
                "voluntary sector link worker",
                "Introduce {name} to the lunch club and arrange transport",
            ),
            ("voluntary sector link worker", "Refer to the bereavement support group"),
        ),
    },  # fmt: skip
    "discharge": {
        "weight": 12,
        "condition": "heart failure",
        "reason": "Hospital discharge needing joined-up follow-up",
        "questions": (
            "Is the discharge plan for {name} working, and what is missing?",
            "How do we stop {name} being readmitted in the next month?",
        ),
        "situation": (
            "Home from hospital after two weeks with fluid overload; new medicines started.",
            "Discharged after a hip fracture; mobilising with a frame.",
        ),
        "assessment": (
            "Weight creeping up since discharge; no follow-up arranged for blood tests.",
            "Managing with carers twice daily; stairs a problem; bed downstairs.",
        ),
        "recommendation": (
            "Daily weights, heart failure nurse review and bloods within a week.",
            "Reablement, equipment and a review of the care package at four weeks.",
        ),
        "notes": (
            "Discharge letter missing the diuretic plan; GP to clarify with the ward. District "
            "nurses visiting for bloods.",
        ),
        "decisions": ("Heart failure nurse follow-up, daily weights and blood tests this week.",),
        "actions": (
            ("district nurse", "Blood tests at home and check daily weights"),
            ("GP", "Clarify the diuretic plan with the discharging team"),
            ("occupational therapist", "Reablement assessment and equipment review"),
        ),
    },  # fmt: skip
    "housing": {
        "weight": 7,
        "condition": "osteoarthritis",
        "reason": "Home no longer suitable",
        "questions": (
            "Can {name}'s home be adapted, or does {name} need to move?",
            "What housing options are there for {name}?",
        ),
        "situation": ("Cannot manage the stairs to the bathroom; sleeping in a chair downstairs.",),
        "assessment": ("Needs level-access living; wants to stay in the area.",),
        "recommendation": ("OT assessment for adaptations and a housing options review.",),
        "notes": (
            "A stairlift is possible but the bathroom is too small. Sheltered housing at "
            "Hollin House has a flat coming up.",
        ),
        "decisions": ("Housing options review alongside an OT assessment for a stairlift.",),
        "actions": (
            ("housing officer", "Housing options review, including sheltered housing"),
            ("occupational therapist", "Assess for a stairlift and bathroom adaptations"),
        ),
    },  # fmt: skip
    "end_of_life": {
        "weight": 6,
        "condition": "cancer (palliative)",
        "reason": "Advanced illness: planning for the end of life",
        "questions": (
            "How do we make sure {name} can be cared for at home, as {they} would wish?",
            "Is everything in place for {name}'s last months?",
        ),
        "situation": ("Deteriorating over weeks; sleeping more and eating little.",),
        "assessment": ("Likely in the last months of life; wishes to die at home.",),
        "recommendation": (
            "Gold Standards Framework register, anticipatory medicines, "
            "ReSPECT form and carer support.",
        ),
        "notes": (
            "Specialist palliative care already involved. Family want to care at home "
            "with support overnight.",
        ),
        "decisions": (
            "Add to the palliative care register; anticipatory medicines at home; "
            "fast-track continuing healthcare.",
        ),
        "actions": (
            ("GP", "Prescribe anticipatory medicines and complete the ReSPECT form"),
            ("district nurse", "Weekly visits and a syringe driver plan"),
            ("social worker", "Fast-track continuing healthcare application"),
        ),
    },  # fmt: skip
}
