"""Write a synthetic catalogue of N programmes and N/10 partners, the same for the same seed.

    python bench/generate.py --count 1000 --seed 1 OUT_DIR

Every file is valid against the models and gives no warning, so `microcred check` in OUT_DIR
exercises the full pipeline and prints nothing. Used to measure the check and the build.
"""

from __future__ import annotations

import argparse
import random
import shutil
from datetime import date, timedelta
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parent.parent
SUBJECTS = [
    "Data & Computing",
    "Business & Management",
    "Engineering",
    "Health & Social Care",
    "Education",
    "Energy & Environment",
    "Creative Industries",
    "Law & Policy",
]
VERBS = ["Build", "Evaluate", "Design", "Apply", "Analyse", "Plan", "Explain", "Compare"]
TOPICS = [
    "data pipelines",
    "team performance",
    "risk registers",
    "clinical audits",
    "wind farms",
    "supply contracts",
    "accessible websites",
    "learning plans",
    "carbon budgets",
    "user research",
    "cloud budgets",
    "safety cases",
    "grant proposals",
    "public consultations",
]
WORDS = [
    "learners",
    "work",
    "through",
    "case",
    "studies",
    "drawn",
    "from",
    "partner",
    "organisations",
    "and",
    "apply",
    "each",
    "method",
    "to",
    "a",
    "problem",
    "from",
    "their",
    "own",
    "workplace",
    "with",
    "feedback",
    "from",
    "tutors",
    "and",
    "peers",
    "every",
    "week",
]
ASSESSMENTS = ["project-work", "portfolio", "quiz", "written-examination", "presentation"]
ROLES = ["co-designed", "endorses", "hosts-placements", "funds-scholarships", "recruits-graduates"]
SECTORS = ["Software", "Banking", "Energy", "Health", "Logistics", "Construction"]


def sentence(rng: random.Random, low: int, high: int) -> str:
    words = [rng.choice(WORDS) for _ in range(rng.randint(low, high))]
    return " ".join(words).capitalize() + "."


def partner(index: int) -> dict[str, object]:
    pid = f"partner-{index:04d}"
    return {
        "id": pid,
        "name": f"Partner Organisation {index}",
        "website": f"https://{pid}.example",
        "sector": SECTORS[index % len(SECTORS)],
        "description": f"Partner Organisation {index} works with the university on programmes.",
    }


def programme(
    rng: random.Random, index: int, partners: int, start: date, earlier: list[str]
) -> dict[str, object]:
    topic = rng.choice(TOPICS)
    ects = rng.choice([5, 10, 15])
    mode = rng.choice(["online", "in-person", "blended"])
    intakes = []
    for n in range(rng.randint(0, 3)):
        first = start + timedelta(days=rng.randint(0, 500) + 120 * n)
        intake: dict[str, object] = {
            "start": first,
            "end": first + timedelta(weeks=rng.randint(6, 14)),
            "application_deadline": first - timedelta(days=rng.randint(0, 30)),
            "places": rng.randint(10, 60),
        }
        if mode != "online":
            intake["location"] = "Harbourside Campus, Dock Road, Galway"
        intakes.append(intake)
    weights = [40, 60] if rng.random() < 0.5 else [100]
    data: dict[str, object] = {
        "id": f"programme-{index:05d}",
        "title": f"{topic.capitalize()} in practice {index}",
        "status": rng.choices(["published", "archived", "draft"], [8, 1, 1])[0],
        "summary": f"{rng.choice(VERBS)} {topic}. " + sentence(rng, 6, 30),
        "description": "\n\n".join(sentence(rng, 20, 90) for _ in range(rng.randint(1, 6))),
        "subjects": rng.sample(SUBJECTS, rng.randint(1, 2)),
        "keywords": rng.sample(TOPICS, 3),
        "credential": "micro-credential",
        "level": {"eqf": rng.randint(5, 8), "difficulty": "intermediate"},
        "workload_hours": ects * rng.randint(25, 30),
        "ects": ects,
        "duration_weeks": rng.randint(4, 16),
        "mode": mode,
        "pace": rng.choice(["self-paced", "scheduled"]),
        "learning_outcomes": [
            f"{rng.choice(VERBS)} {rng.choice(TOPICS)} for a real organisation."
            for _ in range(rng.randint(3, 7))
        ],
        "assessments": [
            {"type": rng.choice(ASSESSMENTS), "description": sentence(rng, 4, 12), "weight": w}
            for w in weights
        ],
        "employer_partners": [
            {"partner": f"partner-{rng.randrange(partners):04d}", "role": rng.choice(ROLES)}
        ],
        "skills": [{"label": t} for t in rng.sample(TOPICS, 2)],
        "intakes": intakes,
        "fee": {"amount": rng.choice([0, 450, 950, 1950])},
        "apply_url": f"https://apply.harbourside.example/programme-{index:05d}",
        "contact": {"email": f"programme-{index:05d}@harbourside.example"},
        "last_reviewed": start - timedelta(days=rng.randint(0, 300)),
    }
    if earlier and rng.random() < 0.2:
        # Prerequisites point only at earlier programmes that are not drafts: never a cycle,
        # never a link learners cannot follow.
        data["prerequisites"] = {"programmes": [rng.choice(earlier)]}
    return data


def write(path: Path, schema: str, data: dict[str, object]) -> None:
    text = yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=100)
    path.write_text(f"# yaml-language-server: $schema={schema}\n{text}", encoding="utf-8")


def generate(out: Path, count: int, seed: int) -> None:
    rng = random.Random(seed)
    start = date(2026, 11, 1)
    partners = max(1, count // 10)
    for name in ("programmes", "partners"):
        shutil.rmtree(out / name, ignore_errors=True)
        (out / name).mkdir(parents=True)
    shutil.copyfile(REPO / "mkdocs.yml", out / "mkdocs.yml")
    schemas = (REPO / "schemas").resolve()
    for index in range(partners):
        write(
            out / "partners" / f"partner-{index:04d}.yaml",
            str(schemas / "partner.schema.json"),
            partner(index),
        )
    earlier: list[str] = []
    for index in range(count):
        data = programme(rng, index, partners, start, earlier)
        if data["status"] != "draft":
            earlier.append(str(data["id"]))
        folder = out / "programmes" / f"group-{index % 7}"
        folder.mkdir(exist_ok=True)
        write(folder / f"{data['id']}.yaml", str(schemas / "programme.schema.json"), data)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--count", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    generate(args.out, args.count, args.seed)
    print(f"wrote {args.count} programmes and {max(1, args.count // 10)} partners to {args.out}")


if __name__ == "__main__":
    main()
