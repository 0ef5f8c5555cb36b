"""Web addresses as a browser reads them, for every URL the catalogue holds.

A reviewer reads the address in the YAML; a browser parses it by the WHATWG URL standard, which
rewrites some addresses silently. Those are refused, so where a link seems to go is where it
goes. Used by the models (fields that hold a URL) and by the description check (links inside
Markdown).
"""

from __future__ import annotations

import re
import unicodedata

# What a URL may hold, as a browser reads it (the WHATWG URL standard), kept to what a
# catalogue needs: https, a host name, an optional port, then a path, query and fragment in
# printable ASCII or non-ASCII text (browsers percent-encode it). Anything a browser would
# silently rewrite (backslashes become slashes; tabs and line breaks are dropped; user info
# sends the visitor to the host after the `@`) is refused, so what a reviewer reads is where
# the link goes.
_URL_REST_FORBIDDEN = re.compile(
    '[\x00-\x20\x7f-\x9f"<>\\\\^`{|}\u2028\u2029\u202a-\u202e\u2066-\u2069\ufffe\uffff\ud800-\udfff]'
)
_HOST_LABEL = re.compile(r"^(?!-)[a-z0-9-]{1,63}(?<!-)$")
MAX_URL_LENGTH = 2000


def web_address_problem(value: str) -> str | None:
    """Why `value` is not a safe https address, in words, or None when it is one."""
    if len(value) > MAX_URL_LENGTH:
        return f"it is longer than {MAX_URL_LENGTH} characters"
    scheme, sep, rest = value.partition("://")
    if not sep or scheme.lower() != "https":
        return "write a full address that starts with https://"
    if _URL_REST_FORBIDDEN.search(rest):
        return 'it contains a space, a backslash, a control character or one of " < > ^ ` { | }'
    authority = re.split(r"[/?#]", rest, maxsplit=1)[0]
    if "@" in authority:
        return "it contains a user name or password before an @, which sends the browser elsewhere"
    host, colon, port = authority.rpartition(":") if ":" in authority else (authority, "", "")
    if colon and (not port.isdigit() or not 0 < int(port) < 65536 or port.startswith("0")):
        return "its port (after the `:`) is not a number from 1 to 65535"
    if host.startswith("["):
        return "it uses an IP address; write the site's name instead"
    try:
        # Browsers send non-ASCII host names (IDN) in their punycode form; a name that has none
        # is one no browser can reach.
        ascii_host = host.rstrip(".").encode("idna").decode("ascii").lower()
    except UnicodeError:
        return "its host name is not a valid domain name"
    mixed = next((label for label in host.split(".") if _spoofable(_scripts(label))), None)
    if mixed:
        return (
            f"its host name mixes alphabets ({' and '.join(sorted(_scripts(mixed)))} in "
            f"`{mixed}`), which is how addresses imitate another site's name"
        )
    labels = ascii_host.split(".")
    if len(labels) < 2 or not all(_HOST_LABEL.match(label) for label in labels):
        return "its host name is not a domain name such as www.example.org"
    if labels[-1].isdigit():
        return "it uses an IP address; write the site's name instead"
    return None


def _spoofable(scripts: set[str]) -> bool:
    """Alphabets that look alike when mixed in one name: Latin with any other (a Cyrillic `a`
    in `apple`), or Cyrillic with Greek. Scripts that are written together (Japanese
    kanji and kana) are fine."""
    return len(scripts) > 1 and ("LATIN" in scripts or {"CYRILLIC", "GREEK"} <= scripts)


def _scripts(label: str) -> set[str]:
    """The alphabets of a host name's letters ("LATIN", "CYRILLIC", ...), from their names."""
    if label.isascii():
        return {"LATIN"} if label else set()
    return {unicodedata.name(char, "?").split(" ", 1)[0] for char in label if char.isalpha()}
