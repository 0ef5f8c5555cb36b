"""How a subject's name becomes its address, and when two spellings name one subject.

Shared by the catalogue (which indexes programmes by subject) and its rules (which refuse
names that would share or lose a page), so it depends on neither.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata

# The list of all subjects lives at subjects/index.md, where a subject "Index" would go.
SUBJECTS_HUB = "index"

# Latin letters that Unicode does not decompose into a base letter and an accent.
_LATIN_LETTERS = str.maketrans(
    {"ß": "ss", "æ": "ae", "Æ": "ae", "ø": "o", "Ø": "o", "œ": "oe", "Œ": "oe", "đ": "d",
     "Đ": "d", "ł": "l", "Ł": "l", "þ": "th", "Þ": "th", "ð": "d", "Ð": "d", "\u0131": "i",
     "ħ": "h", "Ħ": "h"}
)  # fmt: skip


def slugify(text: str) -> str:
    """ "Data & Computing" -> "data-computing": the URL segment of a subject.

    Latin letters lose their accents ("Cultúr" -> "cultur"). Letters of other scripts have no
    ASCII spelling here, so the name's own digest is added ("Υγεία" -> "a1b2c3d4"): two
    subjects in Greek never share a page, and the address of each stays the same between
    builds. Empty when the name has no letters or digits at all.
    """
    name = " ".join(unicodedata.normalize("NFKC", text).casefold().split())
    decomposed = unicodedata.normalize("NFKD", name.translate(_LATIN_LETTERS))
    ascii_text = decomposed.encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text).strip("-")
    if any(ord(c) > 127 and unicodedata.category(c)[0] in "LN" for c in decomposed):
        digest = hashlib.sha256(name.encode()).hexdigest()[:8]
        slug = f"{slug}-{digest}" if slug else digest
    return slug


def subject_key(name: str) -> str:
    """What two spellings of one subject share: their letters and digits, without case or
    accents ("Data & Computing" and "data computing" are one subject, as their slug says)."""
    name = unicodedata.normalize("NFKC", name).casefold().translate(_LATIN_LETTERS)
    decomposed = unicodedata.normalize("NFKD", name)
    return "".join(c for c in decomposed if unicodedata.category(c)[0] in "LN")
