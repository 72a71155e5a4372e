"""Facilitators' assessment pages (/program/nilai/): whom she may assess,
each producer's or group's history, the assessment form pre-filled from
platform data, and one assessment's answers.

Who reaches what is programme.access: a facilitator only her assigned
producers and groups (anyone else's is the same 404 as a missing page),
operators all. Scoring and saving are programme.assessments; the views
only read forms and show results.
"""

from django.contrib import messages
from django.db.models import CharField, F, OuterRef, Q, Subquery, Value
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils import timezone
from django.utils.decorators import method_decorator
from django.utils.formats import date_format
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.generic import ListView, TemplateView
from oscar.core.loading import get_model

from programme import access, assessments, rubrics
from programme.forms import (
    SUGGESTED_ON_FIELD,
    VERSION_FIELD,
    AssessmentForm,
    DayForm,
    SearchForm,
    read_day,
)
from programme.models import Assessment, Rubric, RubricVersion, Support
from programme.views.mixins import AssessorMixin
from storefront.ids import parse_id
from vendors.models.formality import FORMALITY_FIELDS

Partner = get_model("partner", "Partner")
ProducerGroup = get_model("partner", "ProducerGroup")

PRODUCER, GROUP = "producer", "group"


def history_url(kind, pk):
    name = "programme:producer-history" if kind == PRODUCER else "programme:group-history"
    return reverse(name, kwargs={"pk": pk})


def _latest(subject_field, column):
    newest = Assessment.objects.filter(**{subject_field: OuterRef("pk")}).order_by(
        "-assessed_on", "-pk"
    )
    return Subquery(newest.values(column)[:1])


def _rows(queryset, kind, subject_field, place):
    """One union-able row per subject: name, place and latest cluster."""
    return (
        queryset.order_by()
        .annotate(
            subject_kind=Value(kind, output_field=CharField()),
            place=F(place),
            band_code=_latest(subject_field, "band_code"),
            band_label=_latest(subject_field, "band_label"),
            assessed_on=_latest(subject_field, "assessed_on"),
        )
        .values("subject_kind", "pk", "name", "place", "band_code", "band_label", "assessed_on")
    )


class AssessListView(AssessorMixin, ListView):
    """Producers and groups she may assess, by name, with their latest
    cluster; two queries a page whatever their number (a union)."""

    template_name = "programme/assessments/list.html"
    context_object_name = "rows"
    paginate_by = 30

    def get_queryset(self):
        user = self.request.user
        self.search = SearchForm(self.request.GET)
        query = self.search.cleaned_data["q"].strip() if self.search.is_valid() else ""
        producers = Partner.objects.filter(pk__in=access.assessable_producers(user))
        groups = ProducerGroup.objects.filter(pk__in=access.assessable_groups(user))
        if query:
            producers = producers.filter(name__icontains=query)
            groups = groups.filter(name__icontains=query)
        self.query = query
        return (
            _rows(producers, PRODUCER, "producer", "village__name")
            .union(_rows(groups, GROUP, "group", "village__name"))
            .order_by("name", "subject_kind", "pk")
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        for row in context["rows"]:
            row["url"] = history_url(row["subject_kind"], row["pk"])
        context.update(search=self.search, query=self.query)
        return context


class SubjectMixin:
    """A page of one producer or group she may assess (self.subject), or
    404. Comes after AssessorMixin, which lets only assessors this far."""

    kind = PRODUCER

    def dispatch(self, request, *args, **kwargs):
        if self.kind == PRODUCER:
            subjects = access.assessable_producers(request.user).select_related("village", "group")
        else:
            subjects = access.assessable_groups(request.user).select_related("village")
        self.subject = get_object_or_404(subjects, pk=kwargs["pk"])
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            subject=self.subject,
            kind=self.kind,
            history_url=history_url(self.kind, self.subject.pk),
            assess_url=reverse(f"programme:{self.kind}-assess", kwargs={"pk": self.subject.pk}),
        )
        return context


def band_changes(history):
    """`history` (newest first) with `change` on each assessment: None for
    the first, else (previous code, "up"/"down"/"same"/"changed")."""
    rows = list(history)
    for newer, older in zip(rows, rows[1:] + [None], strict=True):
        newer.change = None
        if older is None:
            continue
        codes = [band["code"] for band in newer.version.definition["bands"]]
        if newer.band_code == older.band_code:
            direction = "same"
        elif newer.band_code in codes and older.band_code in codes:
            up = codes.index(newer.band_code) > codes.index(older.band_code)
            direction = "up" if up else "down"
        else:
            direction = "changed"  # bands renamed between versions
        newer.change = (older.band_code, direction)
    return rows


def formality(producer):
    """Her formality checklist as its fields say: [(label, value or "")]."""
    rows = []
    for name in FORMALITY_FIELDS:
        field = Partner._meta.get_field(name)
        value = getattr(producer, name)
        if name == "legal_form":
            value = producer.get_legal_form_display() if value else ""
        rows.append((field.verbose_name, value or ""))
    return rows


class HistoryView(AssessorMixin, SubjectMixin, TemplateView):
    template_name = "programme/assessments/history.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["assessments"] = band_changes(assessments.history(self.subject))
        if self.kind == PRODUCER:
            context["formality"] = formality(self.subject)
            context["supports"] = Support.objects.filter(producer=self.subject).select_related(
                "institution"
            )
        else:
            context["members"] = self.subject.members.filter(is_practice=False).order_by("name")
        return context


class GroupHistoryView(HistoryView):
    kind = GROUP


@method_decorator(never_cache, name="dispatch")
class AssessView(AssessorMixin, SubjectMixin, TemplateView):
    """The form from the newest version of the chosen rubric (?rubric=, the
    first one by default), pre-filled for the day ?on= (today by default).

    What is saved is what she saw: a version that is no longer the newest
    when the form comes back (the rubric was edited meanwhile), or a date
    of the assessment other than the day the suggestions were made for,
    saves nothing; the form is shown again with the new version or the
    suggestions of the new date. A date is checked before anything is
    computed for it."""

    template_name = "programme/assessments/form.html"

    def chosen_rubric(self, rubrics_):
        wanted = parse_id(self.request.GET.get("rubric") or self.request.POST.get("rubric"))
        return next((r for r in rubrics_ if r.pk == wanted), rubrics_[0] if rubrics_ else None)

    @cached_property
    def rubrics(self):
        return list(Rubric.objects.order_by("pk"))

    def get(self, request, *args, **kwargs):
        version = self._version(self.chosen_rubric(self.rubrics))
        if version is None:
            return self.render_to_response(self.get_context_data(form=None))
        day_form = DayForm(request.GET) if "on" in request.GET else DayForm()
        on_date = day_form.day() if day_form.is_bound else None  # None: today (or a bad ?on=)
        return self._show(version, on_date or timezone.localdate(), day_form=day_form)

    def post(self, request, *args, **kwargs):
        posted = RubricVersion.objects.filter(pk=parse_id(request.POST.get(VERSION_FIELD))).first()
        rubric = posted.rubric if posted else self.chosen_rubric(self.rubrics)
        version = self._version(rubric)
        if version is None:
            return self.render_to_response(self.get_context_data(form=None))
        # The day of the suggestions she saw (a form without it was made
        # for today); None when the page sent one that is not a day.
        shown_on = read_day(request.POST.get(SUGGESTED_ON_FIELD))
        if posted is None or posted.pk != version.pk:
            messages.warning(
                request,
                _(
                    "The rubric was changed while you were answering. Nothing was saved: "
                    "check the answers with the new version and save again."
                ),
            )
            return self._show(version, shown_on or timezone.localdate(), kept=request.POST)
        form = AssessmentForm(request.POST, version=version, on=shown_on)
        if form.is_valid() and form.cleaned_data["assessed_on"] != shown_on:
            return self._other_day(version, form, shown_on)
        shown_for = shown_on or timezone.localdate()
        form.suggestions = assessments.suggestions(version, self.subject, shown_for)
        if not form.is_valid():
            messages.error(request, _("Nothing was saved: see the answers marked below."))
            return self._show(version, shown_for, form=form)
        try:
            assessment = assessments.record(
                version,
                self.subject,
                form.cleaned_data["assessed_on"],  # the suggestions' day, checked above
                form.answers(),
                assessor=request.user,
                notes=form.cleaned_data["notes"],
                suggested=form.suggestions,
            )
        except assessments.AssessmentError as error:
            form.add_errors(error.errors)
            messages.error(request, _("Nothing was saved: see the answers marked below."))
            return self._show(version, shown_for, form=form)
        messages.success(
            request,
            _("Assessment saved: score %(score)s, cluster %(code)s %(label)s.")
            % {
                "score": assessment.score,
                "code": assessment.band_code,
                "label": assessment.band_label,
            },
        )
        return redirect(history_url(self.kind, self.subject.pk))

    def _other_day(self, version, form, shown_on):
        """She typed a date other than the suggestions' day: the form again,
        pre-filled for the new date (already checked by the form). Answers
        she had left as the old day's suggestions give way to the new ones;
        those she chose herself stay."""
        on_date = form.cleaned_data["assessed_on"]
        messages.warning(
            self.request,
            _(
                "The answers from platform data were for another date. Nothing was saved: "
                "they are now shown as of %(day)s; check them and save again."
            )
            % {"day": date_format(on_date)},
        )
        old = assessments.suggestions(version, self.subject, shown_on) if shown_on else {}
        return self._show(version, on_date, kept=self.request.POST, stale=old)

    def _version(self, rubric):
        return rubrics.latest_version(rubric) if rubric else None

    def _show(self, version, on_date, form=None, kept=None, stale=None, day_form=None):
        """The page for the suggestions of `on_date`: a new form (with what
        she had `kept` from a form that saved nothing) or the bound one."""
        if form is None:
            suggested = assessments.suggestions(version, self.subject, on_date)
            form = AssessmentForm(version=version, suggestions=suggested, on=on_date)
            if kept is not None:
                form.initial.update(_still_valid(form, kept, stale or {}))
        if day_form is None:
            day_form = DayForm(initial={"on": on_date})
        return self.render_to_response(
            self.get_context_data(
                form=form,
                version=version,
                rubric=version.rubric,
                rubrics=self.rubrics,
                day_form=day_form,
                on_date=on_date,
            )
        )


def _still_valid(form, posted, stale):
    """What she had typed into a form that saved nothing and `form` still
    offers: the notes and her answers, except those that were the `stale`
    suggestions ({key: Suggestion} of another day), which `form`'s own
    suggestions replace (the date is the suggestions' day)."""
    kept = {"notes": posted.get("notes", "")}
    for name, field in form.fields.items():
        value = posted.get(name)
        if not hasattr(field, "choices") or value not in dict(field.choices):
            continue
        if name in stale and stale[name].value == value:
            continue  # the old day's data, not her choice
        kept[name] = value
    return kept


class GroupAssessView(AssessView):
    kind = GROUP


class _OneAssessment:
    """self.assessment, of a producer or group she may assess, or 404."""

    def dispatch(self, request, *args, **kwargs):
        user = request.user
        mine = Assessment.objects.filter(
            Q(producer__in=access.assessable_producers(user))
            | Q(group__in=access.assessable_groups(user))
        ).select_related("version__rubric", "producer", "group")
        self.assessment = get_object_or_404(mine, pk=kwargs["pk"])
        return super().dispatch(request, *args, **kwargs)


class AssessmentDetailView(AssessorMixin, _OneAssessment, TemplateView):
    """One assessment's answers, each with its label from the version it
    was scored with and whether it kept the platform's suggestion."""

    template_name = "programme/assessments/detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        assessment = self.assessment
        answers = {answer.indicator: answer for answer in assessment.answers.all()}
        variables = []
        for variable in assessment.version.definition["variables"]:
            rows = []
            for indicator in variable["indicators"]:
                answer = answers.get(indicator["key"])
                if answer is None:
                    continue
                labels = {option["value"]: option["label"] for option in indicator["options"]}
                rows.append(
                    {
                        "label": indicator["label"],
                        "answer": labels.get(answer.value, answer.value),
                        "points": answer.points,
                        "suggested": labels.get(answer.suggested, answer.suggested),
                        "evidence": answer.evidence,
                        "prefilled": answer.prefilled,
                    }
                )
            variables.append((variable["label"], rows))
        kind = PRODUCER if assessment.producer_id else GROUP
        context.update(
            assessment=assessment,
            subject=assessment.subject,
            variables=variables,
            history_url=history_url(kind, assessment.subject.pk),
        )
        return context


urlpatterns = [
    path("nilai/", AssessListView.as_view(), name="assess-list"),
    path("nilai/<int:pk>/", AssessmentDetailView.as_view(), name="assessment-detail"),
    path("nilai/produsen/<int:pk>/", HistoryView.as_view(), name="producer-history"),
    path("nilai/kelompok/<int:pk>/", GroupHistoryView.as_view(), name="group-history"),
    path("nilai/produsen/<int:pk>/baru/", AssessView.as_view(), name="producer-assess"),
    path("nilai/kelompok/<int:pk>/baru/", GroupAssessView.as_view(), name="group-assess"),
]
