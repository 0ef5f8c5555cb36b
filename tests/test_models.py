"""The models: strict types, closed vocabularies and the per-file rules of the content model."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from pydantic import ValidationError

from microcred.models import Intake, Partner, Programme, QualityAssurance
from microcred.urls import web_address_problem

BASE: dict[str, Any] = {
    "id": "data-basics",
    "title": "Data Basics",
    "status": "published",
    "summary": "A short course on reading and cleaning data.",
    "subjects": ["Data & Computing"],
    "credential": "micro-credential",
    "workload_hours": 50,
    "mode": "online",
    "learning_outcomes": ["Clean a small dataset."],
    "assessments": [{"type": "project-work"}],
}


def error_types(data: dict[str, Any]) -> list[tuple[tuple[int | str, ...], str]]:
    with pytest.raises(ValidationError) as caught:
        Programme.model_validate(data)
    return [(tuple(e["loc"]), e["type"]) for e in caught.value.errors()]


def test_minimal_programme_is_valid() -> None:
    programme = Programme.model_validate(BASE)
    assert programme.languages is None
    assert programme.intakes == []


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        ({"workload_hours": "50"}, [(("workload_hours",), "float_type")]),
        ({"title": False}, [(("title",), "string_type")]),
        ({"duration_weeks": 2.5}, [(("duration_weeks",), "int_type")]),
        ({"id": "Data_Basics"}, [(("id",), "string_pattern_mismatch")]),
        ({"id": "a" * 81}, [(("id",), "string_too_long")]),
        ({"mode": "hybrid"}, [(("mode",), "literal_error")]),
        ({"subjects": []}, [(("subjects",), "too_short")]),
        ({"summary": "Too short."}, [(("summary",), "too_short")]),
        ({"summary": "Plain <em>text</em> only, please."}, [(("summary",), "html_in_text")]),
        ({"level": {"eqf": 9}}, [(("level", "eqf"), "less_than_equal")]),
        ({"level": {"eqf": 0}}, [(("level", "eqf"), "greater_than_equal")]),
        ({"workload_hours": 0.5}, [(("workload_hours",), "greater_than_equal")]),
        ({"languages": ["english"]}, [(("languages", 0), "string_pattern_mismatch")]),
        ({"fee": {"amount": -1}}, [(("fee", "amount"), "greater_than_equal")]),
        (
            {"fee": {"amount": 10, "currency": "eur"}},
            [(("fee", "currency"), "string_pattern_mismatch")],
        ),
        ({"apply_url": "http://x.example"}, [(("apply_url",), "unsafe_url")]),
        ({"apply_url": "javascript:alert(1)"}, [(("apply_url",), "unsafe_url")]),
        ({"badge_image": "data:image/png;base64,AAAA"}, [(("badge_image",), "unsafe_url")]),
        ({"badge_image": "../secret.png"}, [(("badge_image",), "image_path")]),
        ({"badge_image": "assets/badge.gif"}, [(("badge_image",), "image_type")]),
        (
            {"skills": [{"label": "x", "esco": "http://data.europa.eu/esco/skill/abc"}]},
            [(("skills", 0, "esco"), "string_pattern_mismatch")],
        ),
        (
            {"contact": {"email": "not an email"}},
            [(("contact", "email"), "string_pattern_mismatch")],
        ),
        ({"learning_outcome": ["x"]}, [(("learning_outcome",), "extra_forbidden")]),
        ({"intakes": [{"start": "2027-01-25"}]}, [(("intakes", 0, "start"), "date_type")]),
        (
            {"assessments": [{"type": "quiz", "weight": 50}, {"type": "portfolio", "weight": 40}]},
            [(("assessments",), "weights_total")],
        ),
    ],
)
def test_one_defect_one_error(change: dict[str, Any], expected: list[Any]) -> None:
    assert error_types({**BASE, **change}) == expected


def test_weights_only_checked_when_all_items_have_one() -> None:
    data = {**BASE, "assessments": [{"type": "quiz", "weight": 40}, {"type": "portfolio"}]}
    assert Programme.model_validate(data).assessments[0].weight == 40


def test_external_quality_assurance_needs_a_body() -> None:
    with pytest.raises(ValidationError) as caught:
        QualityAssurance.model_validate({"type": "external"})
    assert caught.value.errors()[0]["type"] == "external_needs_body"
    assert QualityAssurance.model_validate({"type": "internal"}).body is None


@pytest.mark.parametrize(
    ("intake", "kind"),
    [
        ({"start": date(2027, 1, 25), "end": date(2027, 1, 25)}, "end_before_start"),
        (
            {"start": date(2027, 1, 25), "application_deadline": date(2027, 1, 26)},
            "deadline_after_start",
        ),
    ],
)
def test_intake_dates(intake: dict[str, Any], kind: str) -> None:
    with pytest.raises(ValidationError) as caught:
        Intake.model_validate(intake)
    assert caught.value.errors()[0]["type"] == kind


def test_deadline_on_start_day_is_fine() -> None:
    day = date(2027, 1, 25)
    assert Intake.model_validate({"start": day, "application_deadline": day}).start == day


def test_models_are_frozen() -> None:
    programme = Programme.model_validate(BASE)
    with pytest.raises(ValidationError):
        programme.title = "Other"  # type: ignore[misc]


def test_partner() -> None:
    partner = Partner.model_validate({"id": "acme", "name": "Acme", "website": "https://a.example"})
    assert partner.logo is None
    with pytest.raises(ValidationError):
        Partner.model_validate({"id": "acme", "name": "Acme"})


def test_every_field_is_described() -> None:
    for model in (Programme, Partner):
        for name, info in model.model_fields.items():
            assert info.description, f"{model.__name__}.{name} has no description"


@pytest.mark.parametrize(
    ("written", "published"),
    [("pt-br", "pt-BR"), ("EN", "en"), ("zh-hant-tw", "zh-Hant-TW"), ("de-ch-1996", "de-CH-1996")],
)
def test_language_tags_in_any_case_are_published_canonical(written: str, published: str) -> None:
    assert Programme.model_validate({**BASE, "languages": [written]}).languages == [published]


@pytest.mark.parametrize(
    "url",
    [
        "https://www.example.org",
        "https://bücher.example/katalog?q=ä#top",
        "https://\u043f\u0440\u0438\u043c\u0435\u0440.example/",  # all Cyrillic
        "https://例え.example/",
        "https://www.example.org:8443/path/",
        "HTTPS://www.example.org/",
    ],
)
def test_web_addresses_a_browser_reaches_as_written(url: str) -> None:
    assert web_address_problem(url) is None


@pytest.mark.parametrize(
    "url",
    [
        "https://www.example.org\\@evil.example/",
        "https://user:pw@www.example.org/",
        "https://www.example.org@evil.example",
        "https://www.example.org/\tpath",
        "https://www.example.org/\npath",
        " https://www.example.org/",
        "https://www.example.org/\u202epath",
        "https:/www.example.org/",
        "https:www.example.org",
        "https://localhost/",
        "https://192.168.0.1/",
        "https://[::1]/",
        "https://www.example.org:0/",
        "https://www.example.org:99999/",
        "https://-bad.example/",
        "https://a..example/",
        "https://xn--/",
        "https://exa mple.org/",
        "https://www.example.org/<script>",
        "http://www.example.org/",
        "javascript:alert(1)//https://",
        "https://" + "a." * 1200 + "org",
        "https://\u0430pple.example/",  # a Cyrillic a among Latin letters
        "https://paypa\u04cf.example/",
    ],
)
def test_web_addresses_that_go_elsewhere_are_refused(url: str) -> None:
    assert web_address_problem(url) is not None


@pytest.mark.parametrize(
    "text",
    [
        "Intro <svg onload=alert(1) ",
        "a</b",
        "<!-- x",
        "<?php",
        "Data\x00",
        "Data\x1b[31m",
        "Data\x85",
        "Data\x7f",
        "Data\r",
        "Data\ufffe",
        "Data\u2028",
        "\u202eData",
        "Data\u2067",
        "\u200b\u200b\u200b",
        "\u3164\u3164\u3164",
        "   ",
        "Data\tBasics",
        "Data\nBasics",
    ],
)
def test_plain_text_rule(text: str) -> None:
    with pytest.raises(ValidationError):
        Programme.model_validate({**BASE, "title": text})


@pytest.mark.parametrize("text", ["a < b and c > d", "Υγεία και ασφάλεια", "数据分析", "C++ & C#"])
def test_plain_text_that_is_fine(text: str) -> None:
    assert Programme.model_validate({**BASE, "title": text}).title == text


def test_summaries_may_run_over_lines() -> None:
    summary = "A short course on reading\nand cleaning data.\n"
    assert Programme.model_validate({**BASE, "summary": summary}).summary == summary


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("workload_hours", float("inf")),
        ("workload_hours", float("nan")),
        ("workload_hours", 10**400),
        ("workload_hours", 5001),
        ("ects", 181),
        ("duration_weeks", 521),
        ("fee", {"amount": float("inf")}),
        ("fee", {"amount": 2e9}),
        ("intakes", [{"start": date(2027, 1, 1), "places": 10**7}]),
        ("assessments", [{"type": "quiz", "weight": float("nan")}]),
        ("stacks_into", [{"title": "MSc", "ects": 1e300}]),
    ],
)
def test_numbers_are_finite_and_bounded(field: str, value: object) -> None:
    with pytest.raises(ValidationError):
        Programme.model_validate({**BASE, field: value})
