"""The activity types and areas cpdlog knows: plain data, cheap to import.

CILIP revalidation counts learning broadly, so the type catalogue doubles as a
list of low-cost CPD ideas: each type says what counts and how to do it cheaply.
The wording is our own, written from the practitioners' handbook facts in
DOMAIN.md.
"""

from typing import NamedTuple


class ActivityType(NamedTuple):
    name: str  # the value stored in files, e.g. "action-learning-set"
    label: str  # short human label, e.g. "Action learning set"
    counts: str  # one sentence: what counts as this type
    ideas: str  # one sentence: low-cost ideas for doing it


class Area(NamedTuple):
    name: str
    heading: str  # statement heading text without "## "
    label: str  # short label for tables, e.g. "Personal"
    counts: str  # one sentence on what developing this area means


TYPES: tuple[ActivityType, ...] = (
    ActivityType(
        "course",
        "Course",
        "A structured course with set learning aims, run by CILIP, an employer or "
        "another provider.",
        "Look for free short courses from CILIP groups, regional networks, your "
        "employer or a local university.",
    ),
    ActivityType(
        "conference",
        "Conference",
        "Attending a conference, seminar or members' day, in person or online, "
        "including talk between sessions.",
        "Help out at a conference in return for a free place, apply for a bursary, "
        "or follow it online.",
    ),
    ActivityType(
        "webinar",
        "Webinar",
        "A live or recorded online talk on a professional topic, followed by some "
        "thought about what you learnt.",
        "Watch free webinars from CILIP groups, suppliers or sector bodies, or catch "
        "up on recordings at lunch.",
    ),
    ActivityType(
        "workshop",
        "Workshop",
        "A hands-on session where you practise a skill or try out a method with "
        "others.",
        "Run or join an in-house workshop, or swap skills sessions with a "
        "neighbouring library service.",
    ),
    ActivityType(
        "elearning",
        "E-learning",
        "Self-paced online learning, such as a module, tutorial or massive open "
        "online course (MOOC).",
        "Try free MOOCs, open learning sites or your employer's e-learning modules, "
        "one short unit at a time.",
    ),
    ActivityType(
        "reading",
        "Reading",
        "Reading a professional book, journal, report or blog counts as much as a "
        "course or conference.",
        "Set up journal alerts, join or start a journal club, or read a sector "
        "magazine or blog each week.",
    ),
    ActivityType(
        "podcast-video",
        "Podcast or video",
        "Listening to a podcast or watching a video on a professional topic and "
        "thinking about what it means.",
        "Subscribe to a library or information podcast for your commute and note "
        "one point to follow up.",
    ),
    ActivityType(
        "peer-discussion",
        "Peer discussion",
        "Talking about professional issues with a colleague, formally or not, "
        "counts as much as a course.",
        "Have a coffee with a colleague from another team, or start a lunchtime "
        "discussion group.",
    ),
    ActivityType(
        "social-media",
        "Social media",
        "Taking part in professional discussion on social media, mailing lists or "
        "forums, not just scrolling.",
        "Join a library chat online, follow sector bodies, or reply thoughtfully on "
        "a professional mailing list.",
    ),
    ActivityType(
        "mentoring",
        "Mentoring",
        "Being a mentor or having one, including a CILIP mentor who supports a "
        "candidate for registration.",
        "Ask an experienced colleague to mentor you, or train as a CILIP mentor to "
        "support candidates.",
    ),
    ActivityType(
        "coaching",
        "Coaching",
        "Working with a coach on a real work problem, for example using GROW: Goal, "
        "Reality, Options, Will.",
        "Try peer coaching with a trusted colleague using GROW, or ask whether your "
        "employer offers coaching.",
    ),
    ActivityType(
        "action-learning-set",
        "Action learning set",
        "A small group of about 4 to 10 meeting over time to work on real problems "
        "by questioning and reflecting.",
        "Gather a few colleagues from different services to meet monthly, each "
        "bringing a live problem.",
    ),
    ActivityType(
        "buddying",
        "Buddying",
        "Giving informal peer support to a new or less experienced colleague as "
        "they settle in.",
        "Offer to buddy the next new starter in your team, or set up a buddying "
        "scheme across services.",
    ),
    ActivityType(
        "shadowing-visit",
        "Shadowing or visit",
        "Shadowing a colleague or visiting another library, service or "
        "organisation to see how it works.",
        "Arrange a reciprocal visit with a nearby library, or spend half a day "
        "shadowing another team.",
    ),
    ActivityType(
        "committee-work",
        "Committee work",
        "Serving on a committee, working group or network, at work or in a "
        "professional body.",
        "Join a CILIP member network or regional committee, or offer to take notes "
        "for a working group.",
    ),
    ActivityType(
        "presenting-teaching",
        "Presenting or teaching",
        "Preparing and giving a presentation, training session or lesson, and "
        "reflecting on how it went.",
        "Give a short talk at a team meeting or local event, or teach an "
        "information skills session.",
    ),
    ActivityType(
        "writing-publishing",
        "Writing or publishing",
        "Writing for others about professional practice: an article, blog post, "
        "report, review or chapter.",
        "Write a blog post or book review for a sector newsletter, or a short case "
        "study of your project.",
    ),
    ActivityType(
        "qualification-study",
        "Qualification study",
        "Working towards a qualification, including CILIP Certification, "
        "Chartership or Fellowship.",
        "Register for Certification or Chartership, find a mentor, and use a PKSB "
        "self-assessment to set aims.",
    ),
    ActivityType(
        "volunteering",
        "Volunteering",
        "Unpaid work that builds your professional skills, inside or outside the "
        "sector.",
        "Volunteer at a community library, archive, school or charity, or help run "
        "a local professional event.",
    ),
    ActivityType(
        "supervising",
        "Supervising",
        "Supervising an apprentice, graduate trainee or work placement, which "
        "develops the supervisor too.",
        "Offer to host a work placement or graduate trainee, or help plan an "
        "apprentice's learning.",
    ),
    ActivityType(
        "work-project",
        "Work project",
        "A project or new responsibility at work that stretched you and taught you "
        "something you can name.",
        "Volunteer for a project outside your usual role, such as a service review "
        "or user survey.",
    ),
    ActivityType(
        "award",
        "Award",
        "Entering, judging or winning a sector or employee award, including "
        "preparing the entry.",
        "Nominate your team or a colleague for a sector award, or offer to sit on a "
        "judging panel.",
    ),
    ActivityType(
        "other",
        "Other",
        "Any other learning that developed your practice and that you can reflect on.",
        "Record anything that taught you something useful, such as user feedback, "
        "a mistake or an exhibition.",
    ),
)
TYPE_NAMES: tuple[str, ...] = tuple(t.name for t in TYPES)

AREAS: tuple[Area, ...] = (
    Area(
        "personal",
        "Personal performance",
        "Personal",
        "Spotting where your own performance could improve and doing something "
        "about it.",
    ),
    Area(
        "organisational",
        "Organisational performance",
        "Organisational",
        "Understanding how your service and organisation perform, and the context "
        "you work in.",
    ),
    Area(
        "wider",
        "Knowledge of the wider profession",
        "Wider profession",
        "Widening your knowledge of the library, information and knowledge "
        "profession beyond your workplace.",
    ),
)
AREA_NAMES: tuple[str, ...] = tuple(a.name for a in AREAS)


class Attribute(NamedTuple):
    name: str
    counts: str  # one sentence: what the attribute marks


# Attributes that schemes' rules name (issue #9); a user's own scheme may
# name others, and any lowercase word is accepted in a file.
ATTRIBUTES: tuple[Attribute, ...] = (
    Attribute("participatory", "Learning done with other people, as NMC counts it."),
    Attribute("formal", "Structured learning with set outcomes, as RICS counts it."),
    Attribute("verifiable", "Learning you can show evidence of, as ACCA counts it."),
    Attribute("ethics", "Learning about professional ethics and conduct."),
    Attribute("reflective-account", "A written reflective account, as NMC asks for."),
)
ATTRIBUTE_NAMES: tuple[str, ...] = tuple(a.name for a in ATTRIBUTES)
