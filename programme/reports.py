"""What programme partners read: clusters at a date, movement between
clusters over a period, the producers behind each number, and sales.

Every report runs a fixed handful of queries whatever the number of
producers: rows come out with values_list and are folded here in Python
(the latest assessment of each subject, counts per area), never one query
per producer. Practice shops (Partner.is_practice) are never counted.

Bands are compared by their code (IR1, IR2...), so an assessment scored
with an older rubric version and one scored with a newer one compare fine;
their order is the order of the bands' lowest scores.
"""

import datetime
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from django.db.models import Q
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from oscar.core.loading import get_model

from programme.exports import Table
from programme.models import Assessment, RubricVersion

Partner = get_model("partner", "Partner")
ProducerGroup = get_model("partner", "ProducerGroup")
Line = get_model("order", "Line")

PRODUCERS, GROUPS = "producer", "group"
UNITS = {PRODUCERS: gettext_lazy("Producers"), GROUPS: gettext_lazy("Groups")}
LEVELS = {
    "village": gettext_lazy("Village"),
    "district": gettext_lazy("District"),
    "regency": gettext_lazy("Regency"),
}
# Where an area level sits, from a Partner or a ProducerGroup (both .village).
_PLACE = {
    "village": "village_id",
    "district": "village__district_id",
    "regency": "village__district__regency_id",
}


class ReportError(ValueError):
    """A report asked with values that make no sense (the forms catch these
    first; this guards direct callers)."""


@dataclass(frozen=True)
class Area:
    """Only subjects in one regency, district or village."""

    level: str
    pk: int


@dataclass(frozen=True)
class Band:
    code: str
    label: str
    min: int


@dataclass(frozen=True)
class Mark:
    """An assessment as the reports need it."""

    on: datetime.date
    pk: int
    score: int
    code: str
    label: str
    version_id: int


@dataclass(frozen=True)
class Subject:
    pk: int
    name: str
    places: dict  # level -> (id, name); id None when the place is not recorded
    group: str


def _check(unit, level="village"):
    if unit not in UNITS or level not in LEVELS:
        raise ReportError(f"unknown unit {unit!r} or level {level!r}")


def in_area(prefix, area):
    if area is None:
        return Q()
    if area.level not in _PLACE:
        raise ReportError(f"unknown area level {area.level!r}")
    return Q(**{prefix + _PLACE[area.level]: area.pk})


def subjects(unit, area=None):
    """{pk: Subject}: real producers or groups in the area, with their places."""
    _check(unit)
    fields = (
        "pk",
        "name",
        "village_id",
        "village__name",
        "village__district_id",
        "village__district__name",
        "village__district__regency_id",
        "village__district__regency__name",
    )
    if unit == PRODUCERS:
        query = Partner.objects.filter(is_practice=False).values_list(*fields, "group__name")
    else:
        query = ProducerGroup.objects.values_list(*fields)
    found = {}
    for pk, name, vid, vname, did, dname, rid, rname, *group in query.filter(in_area("", area)):
        places = {"village": (vid, vname), "district": (did, dname), "regency": (rid, rname)}
        found[pk] = Subject(pk, name, places, (group[0] or "") if group else "")
    return found


def _assessment_rows(unit, area, until):
    """(subject id, Mark) of every assessment on or before `until`."""
    if unit == PRODUCERS:
        subject = "producer_id"
        where = Q(producer__isnull=False, producer__is_practice=False) & in_area("producer__", area)
    else:
        subject = "group_id"
        where = Q(group__isnull=False) & in_area("group__", area)
    query = Assessment.objects.filter(where, assessed_on__lte=until).values_list(
        subject, "assessed_on", "pk", "score", "band_code", "band_label", "version_id"
    )
    return [(row[0], Mark(*row[1:])) for row in query]


def latest(rows, on_date):
    """{subject id: Mark}: each subject's latest assessment on or before
    `on_date`; on the same day, the one recorded last (highest pk)."""
    found = {}
    for subject_id, mark in rows:
        if mark.on > on_date:
            continue
        current = found.get(subject_id)
        if current is None or (mark.on, mark.pk) > (current.on, current.pk):
            found[subject_id] = mark
    return found


def bands_of(marks):
    """The bands of the rubric versions behind `marks`, lowest first (the
    newest version's label and lowest score when versions differ); the
    newest version's bands when there is nothing to count yet."""
    version_ids = {mark.version_id for mark in marks}
    query = RubricVersion.objects.values_list("pk", "definition")
    rows = query.filter(pk__in=version_ids) if version_ids else query.order_by("-pk")[:1]
    found = {}
    for _pk, definition in sorted(rows):
        for band in definition.get("bands", []):
            found[band["code"]] = Band(band["code"], band["label"], band["min"])
    for mark in marks:  # a code no definition knows still gets a column
        found.setdefault(mark.code, Band(mark.code, mark.label, 10**9))
    return sorted(found.values(), key=lambda band: (band.min, band.code))


@dataclass
class AreaRow:
    pk: int | None
    name: str
    parent: str = ""
    counts: Counter = field(default_factory=Counter)
    not_assessed: int = 0

    @property
    def assessed(self):
        return sum(self.counts.values())


@dataclass
class ClusterReport:
    on_date: datetime.date
    level: str
    unit: str
    area: Area | None
    bands: list
    rows: list
    totals: AreaRow

    def table(self):
        parent = {"village": _("District"), "district": _("Regency")}.get(self.level)
        headers = [str(LEVELS[self.level])] + ([parent] if parent else [])
        headers += [f"{band.code} {band.label}" for band in self.bands]
        headers += [_("Assessed"), _("Not assessed yet")]
        rows = []
        for row in [*self.rows, self.totals]:
            cells = [row.name] + ([row.parent] if parent else [])
            cells += [row.counts[band.code] for band in self.bands]
            rows.append(cells + [row.assessed, row.not_assessed])
        return Table(headers, rows, title=_("Clusters"))


def clusters_at(on_date, level, unit, area=None):
    """Subjects per cluster at `on_date`, one row per area at `level`, and
    the totals. A subject counts in the band of her latest assessment on or
    before the date; one never assessed by then counts as not assessed."""
    _check(unit, level)
    found = subjects(unit, area)
    marks = latest(_assessment_rows(unit, area, on_date), on_date)
    rows = {}
    for subject in found.values():
        pk, name = subject.places[level]
        row = rows.get(pk)
        if row is None:
            row = rows[pk] = AreaRow(pk, name or _("No village recorded"), _parent(subject, level))
        mark = marks.get(subject.pk)
        if mark is None:
            row.not_assessed += 1
        else:
            row.counts[mark.code] += 1
    ordered = sorted(rows.values(), key=lambda r: (r.pk is None, r.name.casefold(), r.parent))
    totals = AreaRow(None, _("Total"))
    for row in ordered:
        totals.counts.update(row.counts)
        totals.not_assessed += row.not_assessed
    return ClusterReport(on_date, level, unit, area, bands_of(marks.values()), ordered, totals)


def _parent(subject, level):
    above = {"village": "district", "district": "regency"}.get(level)
    return (subject.places[above][1] or "") if above else ""


def parse_pair(text):
    """ "IR1-IR2" -> ("IR1", "IR2"); "-IR1" (newly assessed) -> (None, "IR1")."""
    before, sep, after = (text or "").strip().partition("-")
    if not sep or not after or "-" in after:
        raise ReportError(f"not a pair of clusters: {text!r}")
    return (before or None), after


def pair_text(pair):
    return f"{pair[0] or ''}-{pair[1]}"


@dataclass
class TransitionReport:
    start: datetime.date
    end: datetime.date
    unit: str
    area: Area | None
    bands: list
    pairs: dict  # (from code or None, to code) -> [subject ids]

    @property
    def counts(self):
        return {pair: len(ids) for pair, ids in self.pairs.items()}

    def direction(self, pair):
        """ "new", "up", "same" or "down"."""
        if pair[0] is None:
            return "new"
        order = {band.code: index for index, band in enumerate(self.bands)}
        step = order.get(pair[1], 0) - order.get(pair[0], 0)
        return "up" if step > 0 else "down" if step < 0 else "same"

    @property
    def summary(self):
        totals = dict.fromkeys(("up", "same", "down", "new"), 0)
        for pair, ids in self.pairs.items():
            totals[self.direction(pair)] += len(ids)
        return totals

    def matrix(self):
        """[(from band or None, [(to band, pair, count)])]: a row for "not
        yet assessed" and one per band."""
        return [
            (
                before,
                [
                    (after, pair, len(self.pairs.get(pair, ())))
                    for after in self.bands
                    for pair in [(before.code if before else None, after.code)]
                ],
            )
            for before in [None, *self.bands]
        ]

    def table(self):
        headers = [_("At the start"), _("At the end"), _("Movement"), _("Number")]
        words = {"new": _("newly assessed"), "up": _("up"), "same": _("same"), "down": _("down")}
        rows = [
            [before or _("not yet assessed"), after, words[self.direction((before, after))], n]
            for (before, after), n in self._ordered_counts()
        ]
        return Table(headers, rows, title=_("Transitions"))

    def _ordered_counts(self):
        order = {None: -1, **{band.code: index for index, band in enumerate(self.bands)}}
        return sorted(
            self.counts.items(), key=lambda item: (order.get(item[0][0], 99), order[item[0][1]])
        )


def _marks_at_both(start, end, unit, area):
    if start > end:
        raise ReportError("the period ends before it starts")
    rows = _assessment_rows(unit, area, end)
    # Both ends are inclusive: an assessment on the first day is a move
    # within the period, so the starting cluster is the one held the day before.
    return latest(rows, start - datetime.timedelta(days=1)), latest(rows, end)


def transitions(start, end, unit, area=None):
    """How subjects moved between `start` and `end`: for each one assessed
    by `end`, her band at the start (None: not yet assessed) and at the end."""
    _check(unit)
    before, after = _marks_at_both(start, end, unit, area)
    pairs = defaultdict(list)
    for subject_id, mark in after.items():
        then = before.get(subject_id)
        pairs[(then.code if then else None, mark.code)].append(subject_id)
    bands = bands_of([*before.values(), *after.values()])
    return TransitionReport(start, end, unit, area, bands, {k: sorted(v) for k, v in pairs.items()})


@dataclass
class ListRow:
    subject: Subject
    before: Mark | None
    after: Mark
    phone: str = ""


@dataclass
class TransitionList:
    start: datetime.date
    end: datetime.date
    pair: tuple
    unit: str
    with_contacts: bool
    rows: list

    @property
    def shows_phone(self):
        return self.with_contacts and self.unit == PRODUCERS

    def table(self):
        headers = [_("Name"), _("Village"), _("District")]
        if self.unit == PRODUCERS:
            headers.append(_("Group"))
        headers += [_("Score at the start"), _("Cluster at the start"), _("Date at the start")]
        headers += [_("Score at the end"), _("Cluster at the end"), _("Date at the end")]
        if self.shows_phone:
            headers.append(_("Phone"))
        rows = []
        for row in self.rows:
            places = row.subject.places
            cells = [row.subject.name, places["village"][1] or "", places["district"][1] or ""]
            if self.unit == PRODUCERS:
                cells.append(row.subject.group)
            was = row.before
            cells += [was.score, was.code, was.on] if was else [None, "", None]
            cells += [row.after.score, row.after.code, row.after.on]
            if self.shows_phone:
                cells.append(row.phone)
            rows.append(cells)
        return Table(headers, rows, title=pair_text(self.pair))


def transition_list(start, end, pair, unit, area=None, with_contacts=False):
    """The subjects behind one number of transitions(): who moved from
    pair[0] (None: not yet assessed) to pair[1]. Phone numbers (her
    accounts' sign-in phones, then her WhatsApp) only `with_contacts`."""
    _check(unit)
    before, after = _marks_at_both(start, end, unit, area)
    found = subjects(unit, area)
    phones = _phones(area) if with_contacts and unit == PRODUCERS else {}
    rows = []
    for subject_id, mark in after.items():
        then = before.get(subject_id)
        if (then.code if then else None, mark.code) != tuple(pair) or subject_id not in found:
            continue
        rows.append(ListRow(found[subject_id], then, mark, ", ".join(phones.get(subject_id, []))))
    rows.sort(key=lambda row: (row.subject.name.casefold(), row.subject.pk))
    return TransitionList(start, end, tuple(pair), unit, with_contacts, rows)


def _phones(area):
    found = defaultdict(list)
    query = Partner.objects.filter(in_area("", area), is_practice=False).order_by("pk", "users")
    for pk, account_phone, whatsapp in query.values_list("pk", "users__account__phone", "whatsapp"):
        for phone in (account_phone, whatsapp):
            if phone and phone.strip() and phone.strip() not in found[pk]:
                found[pk].append(phone.strip())
    return found
