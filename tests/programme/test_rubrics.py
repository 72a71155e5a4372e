"""The rubric: the seeded field-study definition, scoring and banding at
the band edges, checks on what an operator may save, and versions."""

import copy

import pytest
from django.core.exceptions import ValidationError
from hypothesis import given, settings
from hypothesis import strategies as st

from programme import default_rubric, rubrics
from programme.models import Rubric
from tests import factories
from tests.programme import world

pytestmark = pytest.mark.django_db

SEEDED = rubrics.definition_from_raw(default_rubric.raw_variables(), default_rubric.raw_bands())


def test_the_seed_holds_the_four_variables_and_the_three_bands():
    definition = world.version().definition
    assert [v["key"] for v in definition["variables"]] == [
        "institutions",
        "activity",
        "performance",
        "connectivity",
    ]
    assert len(list(rubrics.indicators(definition))) == 18
    assert [(b["code"], b["label"], b["min"], b["max"]) for b in definition["bands"]] == [
        ("IR1", "Pemula", 0, 6),
        ("IR2", "Berkembang", 7, 12),
        ("IR3", "Maju", 13, 18),
    ]
    assert rubrics.score_range(definition) == (0, 18)
    assert rubrics.problems(definition) == []


@pytest.mark.parametrize(
    "score, band",
    [(0, "IR1"), (6, "IR1"), (7, "IR2"), (12, "IR2"), (13, "IR3"), (18, "IR3")],
)
def test_scores_at_the_band_edges(score, band):
    total, found, chosen = rubrics.score(SEEDED, world.answers_scoring(SEEDED, score))
    assert total == score
    assert found["code"] == band
    assert len(chosen) == 18


@settings(max_examples=60, deadline=None)
@given(st.data())
def test_any_full_set_of_answers_scores_its_points_into_exactly_one_band(data):
    answers, expected = {}, 0
    for _variable, indicator in rubrics.indicators(SEEDED):
        option = data.draw(st.sampled_from(indicator["options"]))
        answers[indicator["key"]] = option["value"]
        expected += option["points"]
    total, band, _chosen = rubrics.score(SEEDED, answers)
    assert total == expected
    assert [b for b in SEEDED["bands"] if b["min"] <= total <= b["max"]] == [band]


def test_a_missing_or_unknown_answer_is_named_and_nothing_is_scored(english):
    answers = world.answers_scoring(SEEDED, 9)
    del answers["payment"]
    answers["place"] = "palace"
    with pytest.raises(rubrics.ScoringError) as raised:
        rubrics.score(SEEDED, answers)
    assert raised.value.errors == {
        "payment": "Choose an answer.",
        "place": "Choose one of the answers shown.",
    }


def _with_bands(definition, bands):
    changed = copy.deepcopy(definition)
    changed["bands"] = [{"code": c, "label": c, "min": lo, "max": hi} for c, lo, hi in bands]
    return changed


@pytest.mark.parametrize(
    "bands, problem",
    [
        ([("IR1", 0, 6), ("IR2", 8, 12), ("IR3", 13, 18)], "A score of 7 falls in 0 bands"),
        ([("IR1", 0, 7), ("IR2", 7, 12), ("IR3", 13, 18)], "A score of 7 falls in 2 bands"),
        ([("IR1", 0, 6), ("IR2", 7, 12)], "A score of 13 falls in 0 bands"),
        ([("IR1", 0, 6), ("IR1", 7, 18)], "Two score bands have the same code."),
        ([("IR1", 6, 0), ("IR2", 0, 18)], "Band IR1 ends before it starts."),
    ],
)
def test_bands_must_give_every_score_exactly_one_band(english, bands, problem):
    found = rubrics.problems(_with_bands(SEEDED, bands))
    assert any(text.startswith(problem) for text in found), found


def test_an_operator_cannot_save_a_rubric_that_cannot_score(english):
    rubric = world.rubric()
    rubric.bands = [
        {
            "type": "band",
            "value": {"code": "IR1", "label": "Pemula", "min_score": 0, "max_score": 6},
        }
    ]
    with pytest.raises(ValidationError) as raised:
        rubric.full_clean()
    assert "A score of 7 falls in 0 bands" in str(raised.value)
    assert world.rubric().versions.count() == 1


def _raise_permit_points(rubric, points):
    """The operator gives a business permit `points` points (a StreamField
    edit, as the /cms/ form saves it)."""
    variables = rubric.variables.raw_data
    for variable in variables:
        for indicator in variable["value"]["indicators"]:
            if indicator["value"]["key"] == "business_permit":
                indicator["value"]["options"][1]["value"]["points"] = points
    rubric.variables = (
        variables.get_prep_value() if hasattr(variables, "get_prep_value") else variables
    )


def test_editing_the_scoring_makes_a_new_version_and_old_assessments_keep_theirs():
    producer = factories.ProducerFactory()
    first = world.assess(producer, "2026-01-10", 6)
    rubric = world.rubric()
    _raise_permit_points(rubric, 2)
    rubric.bands = [
        {"type": "band", "value": {"code": c, "label": lbl, "min_score": lo, "max_score": hi}}
        for c, lbl, lo, hi in [
            ("IR1", "Pemula", 0, 6),
            ("IR2", "Berkembang", 7, 13),
            ("IR3", "Maju", 14, 19),
        ]
    ]
    rubric.full_clean()
    rubric.save()

    assert rubric.versions.count() == 2
    second = rubrics.latest_version(rubric)
    assert second.number == 2
    assert rubrics.score_range(second.definition) == (0, 19)
    first.refresh_from_db()
    assert first.version.number == 1
    assert (first.score, first.band_code) == (6, "IR1")
    assert (
        rubrics.score(first.version.definition, world.answers_scoring(SEEDED, 13))[1]["code"]
        == "IR3"
    )
    later = world.assess(producer, "2026-06-10", 13, version_=second)
    assert (later.version, later.band_code) == (second, "IR2")


def test_rewording_the_name_or_saving_unchanged_is_not_a_new_version():
    rubric = world.rubric()
    rubric.name = "Klaster IR (revisi nama)"
    rubric.description = "Deskripsi baru"
    rubric.full_clean()
    rubric.save()
    rubric.save()
    assert rubric.versions.count() == 1


def test_a_relabelled_answer_keeps_its_key_across_versions():
    rubric = world.rubric()
    variables = rubric.variables.raw_data
    variables[1]["value"]["indicators"][0]["value"]["options"][1]["value"]["label"] = "Sudah punya"
    rubric.variables = variables
    rubric.save()
    new = rubrics.latest_version(rubric).definition
    permit = next(i for _v, i in rubrics.indicators(new) if i["key"] == "business_permit")
    assert permit["options"][1] == {"value": "yes", "label": "Sudah punya", "points": 1}
    assert rubric.versions.count() == 2


def test_a_new_rubric_saved_in_the_admin_starts_at_version_one():
    rubric = Rubric(
        name="Rubrik uji",
        variables=default_rubric.raw_variables()[:1],
        bands=[
            {"type": "band", "value": {"code": "A", "label": "A", "min_score": 0, "max_score": 1}},
            {"type": "band", "value": {"code": "B", "label": "B", "min_score": 2, "max_score": 3}},
        ],
    )
    rubric.full_clean()
    rubric.save()
    assert [v.number for v in rubric.versions.all()] == [1]
    assert rubrics.score_range(rubric.versions.get().definition) == (0, 3)


def test_the_operator_edits_the_rubric_and_institutions_in_the_cms(client):
    client.force_login(factories.UserFactory(is_staff=True, is_superuser=True))
    rubric = world.rubric()
    for url in (
        f"/cms/snippets/programme/rubric/edit/{rubric.pk}/",
        "/cms/snippets/programme/rubric/",
        "/cms/snippets/programme/institution/add/",
    ):
        response = client.get(url)
        assert response.status_code == 200, url
    assert (
        "Wilayah pemasaran" in client.get(f"/cms/snippets/programme/rubric/edit/{rubric.pk}/").text
    )


def test_nobody_deletes_a_rubric_its_assessments_were_scored_with(client):
    client.force_login(factories.UserFactory(is_staff=True, is_superuser=True))
    world.assess(factories.ProducerFactory(), "2026-01-10", 6)
    rubric = world.rubric()
    response = client.post(f"/cms/snippets/programme/rubric/delete/{rubric.pk}/")
    assert response.status_code in (302, 403)
    assert Rubric.objects.filter(pk=rubric.pk).exists()
    listing = client.get("/cms/snippets/programme/rubric/").text
    assert f"/cms/snippets/programme/rubric/delete/{rubric.pk}/" not in listing


@pytest.mark.parametrize("key", ["notes", "assessed_on", "version"])
def test_an_indicator_key_the_form_needs_for_itself_is_refused(english, key):
    changed = copy.deepcopy(SEEDED)
    changed["variables"][0]["indicators"][0]["key"] = key
    assert any("a key of letters and digits" in text for text in rubrics.problems(changed))
