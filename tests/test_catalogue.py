"""Stage 3: the whole catalogue, its cross-file rules, defaults and indexes."""

from __future__ import annotations

import logging
from datetime import date
from pathlib import Path

import pytest
from mkdocs.commands.build import build as mkdocs_build
from mkdocs.config import load_config
from mkdocs.exceptions import Abort

from microcred.catalogue import build, settings_from_options, slugify
from microcred.cli import main
from microcred.errors import Problem, Severity
from microcred.models import Settings

TODAY = date(2026, 11, 18)
OPTIONS = {
    "institution_name": "Test University",
    "default_languages": ["en"],
    "default_currency": "EUR",
    "default_quality_assurance": {"type": "internal"},
    "default_awarding_bodies": [{"name": "Test University", "country": "IE"}],
}


def programme(
    pid: str, *, extra: str = "", status: str = "published", subject: str = "Data"
) -> str:
    return (
        f"id: {pid}\ntitle: Programme {pid}\nstatus: {status}\n"
        "summary: A short course on reading and cleaning data.\n"
        f"subjects: [{subject}]\ncredential: micro-credential\nworkload_hours: 50\n"
        "mode: online\nlearning_outcomes: [Clean data.]\nassessments: [{type: quiz}]\n" + extra
    )


def settings() -> Settings:
    result, problems = settings_from_options(OPTIONS)
    assert problems == []
    assert result is not None
    return result


def write(root: Path, files: dict[str, str]) -> Path:
    for rel, text in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
    return root


def test_indexes_and_defaults(tmp_path: Path) -> None:
    root = write(
        tmp_path,
        {
            "programmes/a/one.yaml": programme(
                "one",
                subject="Data & Computing",
                extra="fee: {amount: 100}\nemployer_partners: [{partner: acme, role: endorses}]\n"
                "previous_ids: [old-one]\nintakes: [{start: 2026-01-05}, {start: 2027-01-04},"
                " {start: 2026-12-01}]\n",
            ),
            "programmes/b/two.yaml": programme("two", status="archived", subject="Data Computing"),
            "programmes/three.yaml": programme("three", status="draft"),
            "partners/acme.yaml": "id: acme\nname: Acme\nwebsite: https://acme.example\n",
            "partners/idle.yaml": "id: idle\nname: Idle\nwebsite: https://idle.example\n",
        },
    )
    catalogue, problems = build(root, settings(), today=TODAY)
    assert problems == []
    assert catalogue is not None
    assert catalogue.published == ("one",)
    assert catalogue.archived == ("two",)
    assert catalogue.drafts == ("three",)
    assert list(catalogue.subjects) == ["data-computing"]  # drafts make no subject page
    assert catalogue.subjects["data-computing"].programmes == ("one", "two")
    assert catalogue.subjects["data-computing"].name == "Data & Computing"
    assert dict(catalogue.by_partner) == {"acme": ("one",), "idle": ()}
    assert dict(catalogue.redirects) == {"old-one": "one"}
    assert catalogue.sources[("programme", "one")] == "programmes/a/one.yaml"
    one = catalogue.programmes["one"]
    assert one.languages == ["en"]
    assert one.fee is not None
    assert one.fee.currency == "EUR"
    assert one.awarding_bodies is not None
    assert one.awarding_bodies[0].country == "IE"
    assert catalogue.next_intake_start("one") == date(2026, 12, 1)
    assert catalogue.next_intake_start("two") is None
    assert catalogue.is_online("two")
    assert not catalogue.is_online("three")


def test_every_problem_in_one_pass(tmp_path: Path) -> None:
    root = write(
        tmp_path,
        {
            "programmes/one.yaml": programme("one", extra="mode: online\n"),
            "programmes/two.yaml": programme("two").replace("title: Programme two", "title: no"),
            "programmes/three.yaml": programme("three", extra="ects: 1\n"),
        },
    )
    catalogue, problems = build(root, settings(), today=TODAY)
    assert catalogue is None
    assert [(p.file, p.line, p.severity) for p in problems] == [
        ("programmes/one.yaml", 11, Severity.ERROR),
        ("programmes/three.yaml", 7, Severity.WARNING),
        ("programmes/two.yaml", 2, Severity.ERROR),
    ]


def test_warnings_keep_the_catalogue(tmp_path: Path) -> None:
    root = write(tmp_path, {"programmes/one.yaml": programme("one", extra="ects: 1\n")})
    catalogue, problems = build(root, settings(), today=TODAY)
    assert catalogue is not None
    assert [p.severity for p in problems] == [Severity.WARNING]


def test_report_on_filters_but_checks_everything(tmp_path: Path) -> None:
    root = write(
        tmp_path,
        {
            "programmes/one.yaml": programme("one", extra="prerequisites: {programmes: [two]}\n"),
            "programmes/two.yaml": programme("two", extra="prerequisites: {programmes: [one]}\n"),
        },
    )
    _, problems = build(root, settings(), today=TODAY, report_on=[root / "programmes/two.yaml"])
    assert problems == []
    _, problems = build(root, settings(), today=TODAY, report_on=[root / "programmes/one.yaml"])
    assert [p.message for p in problems] == [
        "prerequisites go round in a circle (one -> two -> one); remove one of them"
    ]


def test_self_prerequisite_and_shared_old_id(tmp_path: Path) -> None:
    root = write(
        tmp_path,
        {
            "programmes/one.yaml": programme(
                "one", extra="prerequisites: {programmes: [one]}\nprevious_ids: [old]\n"
            ),
            "programmes/two.yaml": programme("two", extra="previous_ids: [old]\n"),
        },
    )
    _, problems = build(root, settings(), today=TODAY)
    assert [(p.file, p.field, p.message) for p in problems] == [
        (
            "programmes/one.yaml",
            "prerequisites.programmes.0",
            "a programme cannot be its own prerequisite",
        ),
        (
            "programmes/two.yaml",
            "previous_ids.0",
            "`old` is already an old id of `one`; an old id can redirect to one programme only",
        ),
    ]


def test_required_defaults_missing(tmp_path: Path) -> None:
    root = write(tmp_path, {"programmes/one.yaml": programme("one")})
    bare, _ = settings_from_options({"institution_name": "Test University"})
    assert bare is not None
    _, problems = build(root, bare, today=TODAY)
    assert [p.field for p in problems] == ["awarding_bodies", "languages", "quality_assurance"]
    assert problems[1].message == (
        "`languages` is required: add it here, or set `default_languages` for the whole site "
        "in mkdocs.yml"
    )


def test_settings_from_options_maps_every_option() -> None:
    result, problems = settings_from_options(
        {
            **OPTIONS,
            "institution_url": "https://test.example",
            "institution_country": "IE",
            "programmes_dir": "content/programmes",
            "partners_dir": "content/partners",
            "docs_dir": "site-docs",
            "unrelated_option": True,
        }
    )
    assert problems == []
    assert result is not None
    assert result.institution.url == "https://test.example"
    assert result.institution.country == "IE"
    assert result.defaults.languages == ["en"]
    assert result.defaults.quality_assurance is not None
    assert (result.programmes_dir, result.partners_dir, result.docs_dir) == (
        "content/programmes",
        "content/partners",
        "site-docs",
    )


def test_settings_none_means_unset() -> None:
    result, problems = settings_from_options({"institution_name": "T", "default_currency": None})
    assert problems == []
    assert result is not None
    assert result.defaults.currency == "EUR"


@pytest.mark.parametrize(
    ("options", "expected"),
    [
        (
            {},
            [
                (
                    "institution_name",
                    "`institution_name` is required in the microcred plugin's "
                    "options; add it under `- microcred:` in plugins",
                )
            ],
        ),
        (
            {"institution_name": "T", "default_currency": "eur"},
            [
                (
                    "default_currency",
                    "`eur` is not valid; a currency is a three-letter ISO code in "
                    "capitals, such as EUR",
                )
            ],
        ),
        (
            {
                "institution_name": "T",
                "default_quality_assurance": {"type": "external", "bdy": "Q"},
            },
            [("default_quality_assurance.bdy", "`bdy` is not a field here (did you mean `body`?)")],
        ),
        (
            {"institution_name": "T", "institution_url": "http://t.example"},
            [
                (
                    "institution_url",
                    "`http://t.example` is not a web address this site can link to: "
                    "write a full address that starts with https://",
                )
            ],
        ),
    ],
)
def test_settings_problems(options: dict[str, object], expected: list[tuple[str, str]]) -> None:
    result, problems = settings_from_options(options, config_file="site.yml")
    assert result is None
    assert [(p.field, p.message) for p in problems] == expected
    assert {p.file for p in problems} == {"site.yml"}


SOCIAL_SITE = """site_name: Test
theme: material
plugins:
  - search
  - microcred:
      institution_name: Test University
      social_image: {image}
      default_languages: [en]
      default_quality_assurance: {{type: internal}}
      default_awarding_bodies: [{{name: Test University, country: IE}}]
"""
# The sample site's own card, a whole PNG.
PNG = Path(__file__).resolve().parent.parent / "docs" / "assets" / "images" / "social-card.png"


def social_site(root: Path, image: str) -> Path:
    write(root, {"mkdocs.yml": SOCIAL_SITE.format(image=image)})
    write(root, {"programmes/one.yaml": programme("one")})
    return root


def social_settings(image: str) -> Settings:
    result, problems = settings_from_options({**OPTIONS, "social_image": image})
    assert problems == []
    assert result is not None
    return result


@pytest.mark.parametrize(
    ("image", "message"),
    [
        (
            "http://cdn.example/card.png",
            "`http://cdn.example/card.png` is not a web address this site can link to: write a "
            "full address that starts with https://",
        ),
        (
            "../card.png",
            "`../card.png` must be a path inside the docs/ folder made of letters, digits, `-`, "
            "`_` and `.`, such as assets/badges/name.svg",
        ),
        ("card.gif", "`card.gif` must be a PNG or SVG image (.png or .svg)"),
    ],
)
def test_social_image_is_a_path_under_docs_or_an_https_address(image: str, message: str) -> None:
    result, problems = settings_from_options({**OPTIONS, "social_image": image})
    assert result is None
    assert [(p.field, p.message) for p in problems] == [("social_image", message)]


def test_missing_social_image_is_an_error_at_the_option(tmp_path: Path) -> None:
    root = social_site(tmp_path, "assets/card.png")
    catalogue, problems = build(root, social_settings("assets/card.png"), today=TODAY)
    assert catalogue is None
    assert problems == [
        Problem(
            "mkdocs.yml",
            7,
            21,
            "social_image",
            "there is no file docs/assets/card.png; add the image there or correct the path",
        )
    ]


def test_social_image_is_held_to_the_image_rules(tmp_path: Path) -> None:
    root = social_site(tmp_path, "card.png")
    write(root, {"docs/card.png": "<html><body>not a picture</body></html>"})
    _, problems = build(root, social_settings("card.png"), today=TODAY)
    assert [(p.file, p.line, p.field) for p in problems] == [("mkdocs.yml", 7, "social_image")]
    assert problems[0].message.startswith("docs/card.png: this file is not a PNG image")


@pytest.mark.parametrize("image", ["card.png", "https://cdn.example/card.png"])
def test_social_image_in_docs_or_on_the_web_is_accepted(tmp_path: Path, image: str) -> None:
    root = social_site(tmp_path, image)
    (root / "docs").mkdir()
    (root / "docs" / "card.png").write_bytes(PNG.read_bytes())
    catalogue, problems = build(root, social_settings(image), today=TODAY)
    assert problems == []
    assert catalogue is not None
    assert catalogue.settings.social_image == image


def test_missing_social_image_fails_check_and_build(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    root = social_site(tmp_path, "assets/card.png")
    write(root, {"docs/index.md": "# Test\n"})
    expected = (
        "mkdocs.yml:7:21: error: social_image: there is no file docs/assets/card.png; add the "
        "image there or correct the path"
    )
    monkeypatch.chdir(root)
    assert main(["check"]) == 1
    assert capsys.readouterr().out.splitlines()[0] == expected
    collect = _Errors()
    logging.getLogger("mkdocs").addHandler(collect)
    try:
        with pytest.raises(Abort):
            mkdocs_build(load_config(str(root / "mkdocs.yml"), site_dir=str(tmp_path / "site")))
    finally:
        logging.getLogger("mkdocs").removeHandler(collect)
    assert expected in collect.messages


class _Errors(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.ERROR)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


def test_slugify() -> None:
    assert slugify("Data & Computing") == "data-computing"
    assert slugify("Gaeilge agus Cultúr") == "gaeilge-agus-cultur"
    assert slugify("&&") == ""
    assert slugify("Υγεία") == slugify("υγεία") != slugify("Здоровье")
    assert slugify("Straßenbau") == "strassenbau"


def test_a_comment_in_a_code_sample_is_not_a_heading(tmp_path: Path) -> None:
    description = "Each week you write code like this:\n\n```python\n# load the data\n```\n"
    problems = check_description(tmp_path, description)
    assert problems == []


def test_an_unclosed_code_block_is_an_error(tmp_path: Path) -> None:
    problems = check_description(tmp_path, "Code:\n\n~~~\nx = 1\n```\n")
    assert [p.message for p in problems] == [
        "a code block opened with ~~~ is never closed, so the rest of the page would show as "
        'code; add a line of exactly ~~~ after the code (its line 3: "~~~")'
    ]


def check_description(root: Path, description: str) -> list[Problem]:
    """The problems of one programme whose description is `description`."""
    block = "".join(f"  {line}\n" if line else "\n" for line in description.split("\n"))
    write(root, {"programmes/one.yaml": programme("one", extra=f"description: |\n{block}")})
    return build(root, settings(), today=TODAY)[1]
