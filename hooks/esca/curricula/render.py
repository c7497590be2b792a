"""Generated CPD pages, as Markdown with every piece of course text escaped."""

from __future__ import annotations

import datetime as dt
import html
import json
import posixpath
import re
import string
import urllib.parse

import yaml

from esca.core import questions
from esca.core.fields import CHOICES, MESSAGES
from esca.core.findings import count
from esca.core.urls import page_href
from esca.cpd import record as cpd_record
from esca.curricula import feeds
from esca.curricula.model import FIELDS, STATUSES, Course, Curricula, Programme

DUE_SOON = 60
HOURS_BANDS = (("up-to-3", "Up to 3 hours", 0, 3), ("3-to-7", "3 to 7 hours", 3, 7), ("over-7", "Over 7 hours", 7, 1e9))

# What readers ask that each page built from many courses answers, in their
# words (never shown; search finds the page by them, esca.core.questions).
CATALOGUE_QUESTIONS = (
    "list of all training courses",
    "what courses can i do",
    "which courses are open to my role",
    "online or e-learning courses",
    "find a short course by cpd hours",
    "which courses have dates coming up",
)
PROGRAMMES_QUESTIONS = (
    "learning pathways for my career stage or role",
    "which courses go together as a set",
    "how many courses and cpd hours are in each programme",
    "list of all esca training programmes",
)
DASHBOARD_QUESTIONS = (
    "how many courses are active in draft or paused",
    "gaps in training by pcf domain and career level",
    "which knowledge and skills statements have no course",
    "which courses are due for review",
    "courses that have no sessions scheduled",
    "total cpd hours for each pcf domain",
)
WHATS_NEW_QUESTIONS = (
    "new training courses added recently",
    "which courses have changed and what changed",
    "latest updates to esca courses",
    "when was a course added to the portal",
)
FIELD_REFERENCE_QUESTIONS = (
    "which fields does a course file need",
    "which course fields are optional",
    "example of a complete course file",
    "allowed values for audience pcf domain or delivery mode",
    "what format do session dates and times take",
    "how do i fix a course file that fails the build",
)


def esc(text: object) -> str:
    """Text safe in Markdown and HTML: no tags, no emphasis, no links."""
    value = html.escape(str(text), quote=True)
    return re.sub(r"([\\`*_{}\[\]()#+!|])", r"\\\1", value)


def plain_title(text: str) -> str:
    """A title with no characters a template could turn back into markup."""
    return " ".join(str(text).replace("<", "‹").replace(">", "›").replace("&", "and").split())


def long_date(day: dt.date) -> str:
    return f"{day.day} {day:%B %Y}"


def front(title_owner: str, today: dt.date, tags: str = "[CPD]", asked: tuple[str, ...] = ()) -> str:
    """Front matter of a page built from many courses: tags, and the questions
    readers ask that the page answers. Review dates belong to each course; the
    site model registers them, not the clock."""
    return "\n".join(["---", f"tags: {tags}", *questions.front_matter(asked), "---", "", ""])


def course_url(course_id: str, from_src: str) -> str:
    return posixpath.relpath(f"cpd/courses/{course_id}.md", posixpath.dirname(from_src) or ".")


def course_page(course: Course, cur: Curricula, today: dt.date, *, my_cpd: bool = True,
                directory_urls: bool = True, builder: bool = False) -> str:
    """A course's page; ``my_cpd``: the site has the My CPD page, so the
    page offers "Add to my CPD record"; ``builder``: the site has the course
    builder, so the page ends with a link for trainers that opens this
    course in it (after the page's data, so a preview of the course in the
    builder reads as the page does)."""
    v = cur.vocab
    leads_to = sorted((c for c in cur.courses.values() if course.id in c.prerequisites), key=lambda c: c.title)
    lines = [
        # An explicit, tag-free title: the theme prints page titles into <title>
        # and the navigation after unescaping them, so < > & never reach it.
        "---", f"title: {json.dumps(plain_title(course.title))}", "tags: [CPD]", "---", "",
        f"# {esc(course.title)}", "",
    ]
    if course.status != "active":
        lines += [f'!!! note "This course is {esc(course.status)}"', "",
                  "    It is not taking bookings at the moment.", ""]
    lines += [esc(course.summary), ""]
    lines += [cpd_record.add_button(title=plain_title(course.title), hours=course.cpd_hours, key=f"course/{course.id}",
                                    kind=f"Course ({v['delivery-modes'][course.delivery_mode].lower()})",
                                    from_src=f"cpd/courses/{course.id}.md", directory_urls=directory_urls),
              ""] if my_cpd else []
    lines += ["## At a glance", "", "| Item | Detail |", "| --- | --- |",
              f"| Who it is for | {', '.join(esc(v['audiences'][a]) for a in course.audience)} |",
              *([f"| Mandatory for | {', '.join(esc(v['audiences'][a]) for a in course.mandatory_for)} |"]
                if course.mandatory_for else []),
              f"| How it is delivered | {esc(v['delivery-modes'][course.delivery_mode])} |",
              f"| Length | {_duration(course.duration_minutes)} |",
              f"| CPD hours | {_hours(course.cpd_hours)} |",
              f"| Certificate | {_certificate(course, v, my_cpd, directory_urls)} |",
              f"| Provider | {esc(v['providers'][course.provider])} |", ""]
    lines += ["## What you will learn", "", *[f"- {esc(o)}" for o in course.learning_outcomes], ""]
    lines += ["## Reflect with a colleague", "",
              "Use these questions for a peer reflection you can record as CPD:", "",
              *[f"- {esc(p)}" for p in course.reflection_prompts], ""]
    lines += ["## How it maps to the frameworks", "",
              f"- **Professional Capabilities Framework domains:** {', '.join(esc(v['pcf-domains'][d]) for d in course.pcf_domains)}",
              f"- **Career levels:** {', '.join(esc(v['pcf-levels'][lv]) for lv in course.pcf_levels)}"]
    if course.kss:
        lines.append(f"- **Knowledge and Skills Statements:** {', '.join(esc(v['kss'][k]) for k in course.kss)}")
    strands = ", ".join(f"[{esc(v['practice-model'][s])}](../../practice-model/{s}.md)" for s in course.practice_model)
    lines += [f"- **Practice model:** {strands}", ""]
    lines += ["## Before and after", ""]
    if course.prerequisites:
        lines.append("Take these first: " + ", ".join(
            f"[{esc(cur.courses[p].title)}]({p}.md)" for p in course.prerequisites if p in cur.courses) + ".")
    else:
        lines.append("There is nothing you need to take first.")
    lines.append("")
    if leads_to:
        lines += ["It leads on to: " + ", ".join(f"[{esc(c.title)}]({c.id}.md)" for c in leads_to) + ".", ""]
    lines += ["## Dates and booking", ""]
    sessions = course.upcoming(today) if course.status == "active" else ()
    if sessions:
        # Four columns, the links under the date: on a phone the first column
        # is always on screen, so the calendar file never scrolls out of view.
        lines += ["Times are UK time.", "", "| Date | Time | Where | Places |", "| --- | --- | --- | --- |"]
        for s in sessions:
            day = long_date(s.start.date())
            where = "Online" if s.online else esc(s.venue)
            links = [f"[Calendar file for {day}](../calendar/{session_file(course, s)})"]
            if _by_email(course.booking):
                links.append(booking_link(course.booking, course.title, day, text=f"Book {day} by email"))
            lines.append(f"| {day}<br>{'<br>'.join(links)} | {_span(s)} | {where} | {_places(s.capacity)} |")
        lines += ["", f"[All dates for this course as one calendar file](../calendar/{course.id}.ics)", ""]
    else:
        lines += ["No dates are published yet. If you work for Essex County Council, ask your line manager how to "
                  "book a place on the next one.", ""]
    if course.booking:
        lines += [f"**How to book:** {booking_link(course.booking, course.title)}", ""]
    related = []
    if course.roles:
        related.append("- **Teams:** " + ", ".join(f"[{esc(cur.titles.get('roles/' + r, _page_title(r)))}](../../roles/{r}.md)" for r in course.roles))
    if course.careers:
        related.append("- **Career steps:** " + ", ".join(
            f"[{esc(cur.titles.get('roles/careers/' + c, _page_title(c)))}](../../roles/careers/{c}.md)" for c in course.careers))
    if course.legislation:
        related.append("- **Law:** " + ", ".join(
            f"[{esc(cur.titles.get('legislation/' + x, _page_title(x)))}](../../legislation/{x}.md)" for x in course.legislation))
    if related:
        lines += ["## Related pages", "", *related, ""]
    lines += ["## Review and changes", "",
              f"Last reviewed {long_date(course.last_reviewed)}; next review due {long_date(course.review_due)}.", "",
              *[f"- **{long_date(c.date)}:** {esc(c.note)}" for c in course.changes], ""]
    lines += [json_ld(course, cur), ""]
    if builder:
        lines += [f"For trainers: [Change this course in the course builder](../course-builder.md?course={course.id})", ""]
    return "\n".join(lines)


def session_file(course: Course, session) -> str:
    """The calendar file of one session: cpd/calendar/<id>-<start>.ics."""
    return f"{course.id}-{session.start:%Y%m%dT%H%M}.ics"


def booking_link(route: str, title: str, day: str = "", text: str = "") -> str:
    """The booking route as a link: mailto: for an email address, else the
    reviewed https:// address (the validator has checked which it is).

    An email's subject is written by the portal: "Booking: <course title>"
    and, for one session, ", <date>". Nothing else from a course file goes
    into it, and every part of the address is percent-encoded."""
    route = route.strip()
    if _by_email(route):
        subject = f"Booking: {plain_title(title)}" + (f", {day}" if day else "")
        href = f"mailto:{urllib.parse.quote(route, safe='@')}?subject={urllib.parse.quote(subject, safe='')}"
        return f'<a href="{html.escape(href, quote=True)}">{html.escape(text or "Book by email: " + route)}</a>'
    host = route.split("/")[2]
    return f'<a href="{html.escape(route, quote=True)}">Book a place on {html.escape(host)}</a>'


def _by_email(route: str) -> bool:
    route = route.strip()
    return "@" in route and not route.startswith("https://")


def json_ld(course: Course, cur: Curricula) -> str:
    """schema.org Course data, through the one JSON writer (feeds.json_text): no text can end the script."""
    data = {
        "@context": "https://schema.org", "@type": "Course", "name": course.title,
        "description": course.summary, "courseCode": course.id,
        "provider": {"@type": "Organization", "name": cur.vocab["providers"][course.provider]},
        "educationalCredentialAwarded": f"{_hours(course.cpd_hours)} CPD hours",
        "teaches": list(course.learning_outcomes),
        "audience": [{"@type": "Audience", "audienceType": cur.vocab["audiences"][a]} for a in course.audience],
    }
    return f'<script type="application/ld+json">{feeds.json_text(data, indent=None, sort_keys=True)}</script>'


def course_list(courses: list[Course], from_src: str, vocab) -> str:
    if not courses:
        return "No courses are listed yet."
    return "\n".join(f"- [{esc(c.title)}]({course_url(c.id, from_src)}): {_hours(c.cpd_hours)} CPD hours, "
                     f"{esc(vocab['delivery-modes'][c.delivery_mode].lower())}" for c in courses)


CATALOGUE_IN_FULL = 100  # courses: a longer catalogue lists titles only, to keep the page small


def catalogue(cur: Curricula, today: dt.date, directory_urls: bool = True) -> str:
    """Every active course, filterable by audience, PCF domain, level, mode
    and hours (complete without JavaScript).

    Up to CATALOGUE_IN_FULL courses each entry shows its summary, hours,
    delivery mode and audiences. Past that the list shows titles only and the
    filter values are short codes, so the page stays under 100 KB with
    hundreds of courses; each course's page has the rest."""
    v = cur.vocab
    courses = cur.active()
    compact = len(courses) > CATALOGUE_IN_FULL
    facets = (("audience", "Who it is for", v["audiences"]),
              ("domain", "PCF domain", v["pcf-domains"]),
              ("level", "Career level", v["pcf-levels"]),
              ("mode", "Delivery", v["delivery-modes"]),
              ("hours", "CPD hours", {b[0]: b[1] for b in HOURS_BANDS}),
              ("dates", "Dates", {"upcoming": "Has dates coming up"}))
    codes = {key: {k: (str(n) if compact else k) for n, k in enumerate(choices)} for key, _, choices in facets}
    intro = f"Every active ESCA course: {len(courses)} in all. Use the filters to narrow the list."
    if compact:
        intro += " Open a course to see its summary, CPD hours and who it is for."
    out = [front("esca", today, "[CPD, New staff, Trainers]", CATALOGUE_QUESTIONS), "# Course catalogue", "", intro, "",
           '<div class="esca-filter" data-esca-filter data-noun="course">',
           '<form class="esca-filter__form" hidden>']
    for key, label, choices in facets:
        out.append(f'<div class="esca-filter__field"><label for="course-{key}">{label}</label>'
                   f'<select id="course-{key}" data-filter-key="{key}"><option value="">Any</option>')
        out += [f'<option value="{html.escape(codes[key][k])}">{html.escape(lbl)}</option>' for k, lbl in choices.items()]
        out.append("</select></div>")
    out += ['<p class="esca-filter__status" role="status" aria-live="polite"></p>', "</form>",
            '<ul class="esca-filter__items esca-catalogue">']
    for c in courses:
        attrs = {"audience": c.audience, "domain": c.pcf_domains, "level": c.pcf_levels,
                 "mode": (c.delivery_mode,), "hours": (_band(c.cpd_hours),),
                 "dates": ("upcoming",) if c.upcoming(today) else ()}
        upcoming = c.upcoming(today)
        following = (f'<br><small>Next session: {_when(upcoming[0].start)}, '
                     f'{"online" if upcoming[0].online else html.escape(upcoming[0].venue)}</small>' if upcoming else "")
        data = " ".join(f'data-{k}="{html.escape(" ".join(codes[k].get(x, x) for x in values))}"'
                        for k, values in attrs.items())
        href = page_href("cpd/catalogue.md", f"cpd/courses/{c.id}.md", directory_urls)
        link = f'<a href="{html.escape(href)}">{html.escape(c.title)}</a>'
        if compact:
            out.append(f"<li {data}>{link}{following}</li>")
            continue
        out.append(f'<li {data}>{link}'
                   f'<br>{html.escape(c.summary)}<br><small>{_hours(c.cpd_hours)} CPD hours · '
                   f'{html.escape(v["delivery-modes"][c.delivery_mode])} · for '
                   f'{html.escape(", ".join(v["audiences"][a] for a in c.audience))}</small>{following}</li>')
    out += ["</ul>", "</div>", ""]
    return "\n".join(out)


def programme_page(p: Programme, cur: Curricula) -> str:
    courses = [cur.courses[c] for c in p.courses if c in cur.courses]
    hours = sum(c.cpd_hours for c in courses)
    lines = ["---", f"title: {json.dumps(plain_title(p.title))}", "tags: [CPD]", "---", "", f"# {esc(p.title)}", "",
             esc(p.summary), "",
             f"For: {', '.join(esc(cur.vocab['audiences'][a]) for a in p.audience)}. "
             f"{count(len(courses), 'course')}, {_hours(hours)} CPD hours in total.", "", "## Courses, in order", ""]
    lines += [f"{n}. [{esc(c.title)}](../courses/{c.id}.md): {_hours(c.cpd_hours)} CPD hours"
              for n, c in enumerate(courses, start=1)]
    return "\n".join(lines) + "\n"


def programmes_index(cur: Curricula, today: dt.date) -> str:
    lines = [front("esca", today, asked=PROGRAMMES_QUESTIONS), "# Programmes", "",
             "Programmes are ordered sets of courses for a stage of your career or role.", ""]
    for p in sorted(cur.programmes.values(), key=lambda p: p.title):
        hours = sum(cur.courses[c].cpd_hours for c in p.courses if c in cur.courses)
        lines.append(f"- [{esc(p.title)}]({p.id}.md): {len(p.courses)} courses, {_hours(hours)} CPD hours")
    return "\n".join(lines) + "\n"


def dashboard(cur: Curricula, today: dt.date) -> str:
    v = cur.vocab
    courses = sorted(cur.courses.values(), key=lambda c: c.title.lower())
    lines = [front("esca", today, "[CPD, Trainers]", DASHBOARD_QUESTIONS), "# Trainer dashboard", "",
             "This page shows trainers how many courses are active, in draft or paused; CPD hours by PCF "
             "domain; gaps by career level; Knowledge and Skills Statements with no course; which courses are "
             "overdue or due for review; and active courses with no sessions.", "",
             f"Built from the course files on {long_date(today)}.", "", "## Courses by status", "",
             "| Status | Courses |", "| --- | --- |"]
    for status in ("active", "draft", "paused", "retired"):
        lines.append(f"| {status.capitalize()} | {sum(1 for c in courses if c.status == status)} |")
    lines += ["", "## CPD hours by PCF domain", "", "| Domain | Courses | CPD hours |", "| --- | --- | --- |"]
    for key, label in v["pcf-domains"].items():
        chosen = [c for c in courses if key in c.pcf_domains]
        lines.append(f"| {esc(label)} | {len(chosen)} | {_hours(sum(c.cpd_hours for c in chosen))} |")
    lines += ["", "## Coverage: PCF domains by career level", "",
              "Each cell is the number of courses. A zero is a gap.", "",
              "| Domain | " + " | ".join(esc(lbl) for lbl in v["pcf-levels"].values()) + " |",
              "| --- |" + " --- |" * len(v["pcf-levels"])]
    for key, label in v["pcf-domains"].items():
        counts = [sum(1 for c in courses if key in c.pcf_domains and lv in c.pcf_levels) for lv in v["pcf-levels"]]
        lines.append(f"| {esc(label)} | " + " | ".join(str(n) for n in counts) + " |")
    uncovered = [lbl for k, lbl in v["kss"].items() if not any(k in c.kss for c in courses)]
    lines += ["", "## Knowledge and Skills Statements with no course", ""]
    lines += [f"- {esc(x)}" for x in uncovered] or ["None."]
    overdue = [c for c in courses if c.review_due < today]
    soon = [c for c in courses if today <= c.review_due <= today + dt.timedelta(days=DUE_SOON)]
    for heading, chosen in (("Reviews overdue", overdue), (f"Reviews due in the next {DUE_SOON} days", soon)):
        lines += ["", f"## {heading}", ""]
        lines += [f"- [{esc(c.title)}](courses/{c.id}.md): due {long_date(c.review_due)}"
                  for c in sorted(chosen, key=lambda c: c.review_due)] or ["None."]
    no_sessions = [c for c in courses if c.status == "active" and not c.sessions]
    lines += ["", "## Active courses without sessions", ""]
    lines += [f"- [{esc(c.title)}](courses/{c.id}.md)" for c in no_sessions] or ["None."]
    return "\n".join(lines) + "\n"


def whats_new(cur: Curricula, today: dt.date) -> str:
    notes = sorted(((ch.date, c) for c in cur.courses.values() for ch in c.changes), key=lambda x: (-x[0].toordinal(), x[1].title))
    lines = [front("esca", today, asked=WHATS_NEW_QUESTIONS), "# What's new in CPD", "",
             "Recent changes to ESCA courses, newest first: new courses and updates to existing ones, "
             "each with the date and a note of what changed.", ""]
    current = None
    for day, course in notes:
        if day != current:
            lines += ["", f"## {long_date(day)}", ""]
            current = day
        note = next(ch.note for ch in course.changes if ch.date == day)
        lines.append(f"- [{esc(course.title)}](courses/{course.id}.md): {esc(note)}")
    return "\n".join(lines) + "\n"


def field_reference(today: dt.date, cur: Curricula, pages: dict[str, set[str]]) -> str:
    """The trainer's reference: every field, a complete example file, every
    allowed value of every controlled field (from the vocabularies the loader
    read, and the pages and courses that exist), and every error message."""
    lines = [front("esca", today, "[CPD, Trainers]", FIELD_REFERENCE_QUESTIONS), "# Course file reference", "",
             "Every field a course file can have. This page is built from the course model and the "
             "controlled lists, so it always matches what the build checks.", "",
             "| Field | Required | Rule | Example |", "| --- | --- | --- | --- |"]
    for f in FIELDS:
        example = json.dumps(f.example, ensure_ascii=False)
        rule = esc(f.rule)
        if _values_anchor(f):
            rule += f" ([allowed values](#{_values_anchor(f)}))"
        lines.append(f"| `{f.name}` | {'Yes' if f.required else 'No'} | {rule} | `{example}` |")
    lines += ["", "## A complete course file { #a-complete-course-file data-search-exclude }", "",
              "Every field filled in, with values the build accepts. A course file is named after its "
              "`id`: this one would be `curricula/courses/reflective-supervision.yml`.", "",
              "```yaml", example_course_yaml().rstrip("\n"), "```", "",
              # Reference lists, left out of search: they would make this page
              # a match for every course, team and law by name.
              "## Allowed values { #allowed-values data-search-exclude }", "",
              "A controlled field takes only the values listed here, written exactly as shown in the "
              "Value column.", ""]
    lines += _values_table("status", "`status`", [(s, "") for s in STATUSES], "Value")
    for name, fields in _vocab_fields().items():
        source = "data/owners.yml" if name == "owners" else f"curricula/vocabularies/{name}.yml"
        title = " and ".join(f"`{f}`" for f in fields)
        rows = list(cur.vocab.get(name, {}).items())  # in the file's own order
        lines += _values_table(name, title, rows, "Meaning", note=f"From `{source}`.")
    for ref, (name, folder) in REFS.items():
        if ref == "course":
            rows = sorted((c.id, c.title) for c in cur.courses.values())
        else:
            rows = sorted((i, cur.titles.get(f"{folder}/{i}", "")) for i in pages.get(ref, ()))
        lines += _values_table(ref, f"`{name}`", rows, "Page" if ref != "course" else "Course",
                               note="The ids of " + ("courses on the portal." if ref == "course"
                                                     else f"pages in `docs/{folder}/`."))
    lines += ["## Every error message and its fix { #every-error-message-and-its-fix data-search-exclude }", "",
              "When a course file has a problem, the build prints one line: "
              "`file:line: field: what is wrong — how to fix it`. These are the messages; words in "
              "*italics* stand for what the build fills in:", "",
              "| What is wrong | How to fix it |", "| --- | --- |"]
    for message in MESSAGES.values():
        lines.append(f"| {_generic(message.problem)} | {_generic(message.fix)} |")
    lines += ["| not valid YAML (the parser's own words) | check indentation, quotes and colons |",
              "| tab used for indentation | indent with spaces only |",
              "| duplicate key | keep one of them |",
              "| file is empty, too large or not UTF-8 | fix the file as the message says |"]
    return "\n".join(lines) + "\n"


def example_course_yaml() -> str:
    """A complete course file made of every field's example, in model order."""
    out = []
    for f in FIELDS:
        value = f.example
        if f.kind == "date":
            value = dt.date.fromisoformat(value)
        elif f.name == "changes":
            value = [{**change, "date": dt.date.fromisoformat(change["date"])} for change in value]
        # Short id lists on one line, as in the starter file; sentences one per line.
        flow = None if f.kind == "list" and f.item is not None and f.item.kind in ("choice", "map") else False
        out.append(yaml.safe_dump({f.name: value}, sort_keys=False, allow_unicode=True,
                                  default_flow_style=flow, width=1000))
    return "".join(out)


# Fields whose values are page or course ids: ref -> (field, docs folder).
REFS = {"role": ("roles", "roles"), "career": ("careers", "roles/careers"),
        "legislation": ("legislation", "legislation"), "course": ("prerequisites", "")}

# What each placeholder in MESSAGES stands for, in the reader's words.
PLACEHOLDERS = {
    "hint": "the closest allowed value, or the allowed values", "name": "field", "value": "value",
    "stem": "file name", "other": "other file", "length": "length", "limit": "limit", "minimum": "minimum",
    "count": "count", "maximum": "maximum", "where": "vocabulary file", "kind": "course or page",
    "after": "last_reviewed date", "circle": "the courses in the circle", "what": "course or programme",
    "rule": "the field's rule", "example": "an example", "items": "item or items", "choices": "the allowed values",
    "shape": "the fields an item has", "hosts": "the official hosts", "number": "the number",
    "reference": "where the field names are listed",
}


def _vocab_fields() -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for f in FIELDS:
        name = _choices(f)
        if name and CHOICES[name].key == "vocab":
            out.setdefault(name, []).append(f.name)
    return out


def _choices(f) -> str | None:
    """The choice list a field (or each item of a list field) comes from."""
    return f.choices or (f.item.choices if f.item is not None else None)


def _values_anchor(f) -> str:
    name = _choices(f)
    if name == "statuses":
        return "values-status"
    return f"values-{name}" if name else ""


def _values_table(key: str, title: str, rows, second: str, note: str = "") -> list[str]:
    lines = [f"### {title} {{ #values-{key} data-search-exclude }}", ""]
    if note:
        lines += [note, ""]
    if any(label for _, label in rows):
        lines += [f"| Value | {second} |", "| --- | --- |"]
        lines += [f"| `{value}` | {esc(label)} |" for value, label in rows]
    else:
        lines += [f"- `{value}`" for value, _ in rows]
    return lines + [""]


def _generic(text: str) -> str:
    """A message with each {placeholder} in italic words; the rest escaped."""
    out = []
    for literal, name, _spec, _conv in string.Formatter().parse(text):
        out.append(esc(literal))
        if name is not None:
            out.append(f"*{PLACEHOLDERS.get(name, name.replace('_', ' '))}*")
    return "".join(out)


def _page_title(page_id: str) -> str:
    return page_id.replace("-", " ").capitalize()


def _duration(minutes: int) -> str:
    hours, mins = divmod(minutes, 60)
    parts = ([f"{hours} hour{'s' if hours != 1 else ''}"] if hours else []) + ([f"{mins} minutes"] if mins else [])
    return " ".join(parts)


def _certificate(course: Course, v: dict, my_cpd: bool, directory_urls: bool) -> str:
    """The certificate row: what the course file says, or that it is not
    stated and where a reader can keep their own record of attending."""
    if course.certificate:
        return esc(v["certificates"][course.certificate])
    if not my_cpd:
        return "Not stated"
    return "Not stated. You can keep your own record of attending in [My CPD record](../my-cpd.md)"


def _hours(value: float) -> str:
    return f"{value:g}"


def _band(hours: float) -> str:
    return next(key for key, _, low, high in HOURS_BANDS if low < hours <= high or (low == 0 and hours <= high))


def _places(capacity: int) -> str:
    """Places on a session: the number offered, never a count of those left."""
    return f"{capacity} place{'s' if capacity != 1 else ''} in total"


def _span(session) -> str:
    return f"{session.start:%H:%M} to {session.end:%H:%M}" + (
        "" if session.end.date() == session.start.date() else f" on {long_date(session.end.date())}")


def _when(moment: dt.datetime) -> str:
    return f"{moment.day} {moment:%B %Y, %H:%M}"
