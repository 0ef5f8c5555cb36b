"""Stage 1: YAML bytes to plain data with positions, refusing what a catalogue must not hold."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from microcred.load import MAX_FILE_BYTES, load, load_config, parse


def one_message(raw: bytes) -> tuple[int, int, str]:
    document, problems = parse(raw, "f.yaml")
    assert document is None
    assert len(problems) == 1
    return problems[0].line, problems[0].column, problems[0].message


def test_positions_of_values_and_keys() -> None:
    document, problems = parse(b"id: x\nintakes:\n  - start: 2027-01-25\n", "f.yaml")
    assert problems == []
    assert document is not None
    assert document.data == {"id": "x", "intakes": [{"start": date(2027, 1, 25)}]}
    assert document.position(("intakes", 0, "start")) == (3, 12)
    assert document.position(("intakes", 0, "start"), key=True) == (3, 5)
    # A missing value points at the nearest written ancestor.
    assert document.position(("intakes", 0, "end")) == (3, 5)


def test_byte_order_mark_is_accepted() -> None:
    document, problems = parse("\ufeffid: caf\u00e9\n".encode(), "f.yaml")
    assert problems == []
    assert document is not None
    assert document.data == {"id": "caf\u00e9"}


def test_duplicate_key() -> None:
    assert one_message(b"a: 1\nb: 2\na: 3\n") == (
        3,
        1,
        "`a` appears twice in the same block (first on line 1); keep one and delete the other",
    )


def test_python_tags_are_never_constructed(tmp_path: Path) -> None:
    marker = tmp_path / "ran"
    raw = f'a: !!python/object/apply:os.system ["touch {marker}"]\n'.encode()
    line, column, message = one_message(raw)
    assert (line, column) == (1, 4)
    assert "YAML tags such as `!!python/object/apply:os.system` are not allowed" in message
    assert not marker.exists()


def test_alias_bomb_is_refused_quickly() -> None:
    rows = ["a: &a [x, x, x, x, x, x, x, x, x]"]
    rows += [
        f"{chr(98 + i)}: &{chr(98 + i)} [{', '.join(['*' + chr(97 + i)] * 9)}]" for i in range(9)
    ]
    line, column, message = one_message("\n".join(rows).encode())
    assert (line, column) == (2, 8)
    assert message.startswith("anchors and aliases (&name, *name) are not supported")


def test_oversized_file(tmp_path: Path) -> None:
    path = tmp_path / "big.yaml"
    path.write_bytes(b"# " + b"x" * MAX_FILE_BYTES + b"\nid: big\n")
    document, problems = load(path, "big.yaml")
    assert document is None
    assert problems[0].message.startswith("the file is 512 KB; catalogue files must be under")


def test_non_utf8_points_at_the_byte() -> None:
    assert one_message(b"id: x\ntitle: Caf\xe9\n")[:2] == (2, 11)


def test_empty_and_comment_only_files() -> None:
    for raw in (b"", b"# only a comment\n", b"   \n"):
        assert one_message(raw)[2].startswith("the file is empty")


def test_nul_bytes() -> None:
    assert one_message(b"id: x\x00\n")[2] == "the file contains binary data, not text"


def test_top_level_must_be_a_mapping() -> None:
    assert one_message(b"- a\n- b\n")[2].startswith("the file must be made of `field: value`")


def test_impossible_date() -> None:
    line, column, message = one_message(b"start: 2027-02-30\n")
    assert (line, column) == (1, 8)
    assert message.startswith("`2027-02-30` is not a real date")


def test_tab_and_unclosed_quote() -> None:
    assert one_message(b"a:\n\t- b\n")[2].endswith("indented with a tab; indent with spaces only")
    assert one_message(b'a: "open\nb: 1\n')[:2] == (1, 4)


def test_non_text_key() -> None:
    assert one_message(b"1: x\n")[2].startswith("the field name 1 is not text")


def test_unreadable_file(tmp_path: Path) -> None:
    document, problems = load(tmp_path / "missing.yaml", "missing.yaml")
    assert document is None
    assert problems[0].message.startswith("the file cannot be read")


def test_config_tolerates_engine_tags(tmp_path: Path) -> None:
    path = tmp_path / "mkdocs.yml"
    path.write_text(
        "a: !!python/name:material.extensions.emoji.twemoji\n"
        "b: !ENV [MICROCRED_TEST_UNSET, fallback]\n"
        "c: !relative $config_dir\n"
        "plugins:\n  - microcred:\n      institution_name: X\n"
    )
    document, problems = load_config(path, "mkdocs.yml")
    assert problems == []
    assert document is not None
    assert document.data["b"] == "fallback"
    assert document.data["c"] == "$config_dir"
    options = document.within(("plugins", 0, "microcred"), document.data["plugins"][0]["microcred"])
    assert options.position(("institution_name",)) == (6, 25)
