"""Site chrome that comes along when an article is copied from a page, recognised line by line.

Each rule names what it recognises (the kind shown in the import report) and matches a
whole line only: a LinkedIn tab title ("(3) Jan Jansen | LinkedIn"), notification
counters, reaction counts, share/follow/subscribe prompts, cookie notices and their
buttons, the site's navigation words. A line that merely mentions one of these words in a
sentence is article text and stays.
"""

from __future__ import annotations

import re

_COUNT = r"\(?\d{1,4}(?:[.,]\d)?\s*[kK]?\+?\)?"
_COUNTED = (
    r"meldingen|melding|notifications?|berichten|bericht|messages?|reacties|reactie|"
    r"comments?|likes?|reposts?|weergaven|views|volgers|followers|connecties|connections|"
    r"impressies|impressions|vind-ik-leuks|anderen|others|shares|keer gedeeld"
)
COUNTER = re.compile(
    rf"^(?:{_COUNT}|(?:{_COUNT}\s*)?(?:nieuwe\s+|new\s+)?(?:{_COUNTED})(?:\s*{_COUNT})?)"
    rf"(?:\s*[•·|,-]\s*(?:{_COUNT}\s*)?(?:{_COUNTED})?(?:\s*{_COUNT})?)*$",
    re.IGNORECASE,
)
REACTIONS = re.compile(
    rf"^[\w .'’-]{{2,60}}\s+(?:en|and)\s+{_COUNT}\s+(?:anderen|others)"
    rf"(?:\s*[•·|,-]\s*{_COUNT}\s+(?:{_COUNTED}))*$",
    re.IGNORECASE,
)
LINKEDIN_TITLE = re.compile(
    r"^(?:\(\d{1,4}\+?\)\s*)?[^|]{1,100}\s[|·–-]\s*LinkedIn\s*$"
    r"|^(?:\(\d{1,4}\+?\)\s*)?[\w .'’-]{2,60}\s(?:op|on)\s+LinkedIn\s*:.*$",
    re.IGNORECASE,
)
NAVIGATION = re.compile(
    r"^(?:start|home|mijn netwerk|my network|vacatures|jobs|berichten|messaging|meldingen|"
    r"notifications|ik|me|voor bedrijven|for business|zoeken|search|menu|inloggen|sign in|"
    r"log in|aanmelden|lid worden|join now|word lid|registreren|sign up|skip to content|"
    r"naar inhoud|terug naar boven|back to top|lees meer|read more|meer weergeven|see more|"
    r"…\s*meer|…\s*more|connect|verbinden|bericht sturen|message|volgen|follow|"
    r"\+\s*volgen|\+\s*follow|bewerkt|edited|gepromoot|promoted|gesponsord|sponsored)[.!]?$",
    re.IGNORECASE,
)
POST_HEADER = re.compile(
    r"^[•·]?\s*(?:\d+(?:e|de|ste|nd|rd|th|st)\+?|\d+\s*(?:w|d|u|h|m|mnd|mo|j|y|wk)\b\.?"
    r"|\d+\s+(?:weken|week|dagen|dag|uur|maanden|maand|jaar|weeks?|days?|hours?|months?|"
    r"years?)\s+(?:geleden|ago))"
    r"(?:\s*[•·]\s*(?:bewerkt|edited|[\U0001F300-\U0001FAFF]|\d+\s*\w+(?:\s+(?:geleden|ago))?))*"
    r"\s*[•·]?\s*[\U0001F300-\U0001FAFF]?$",  # the globe (or whatever a bad decode made of it)
    re.IGNORECASE,
)
_PROMPT_VERB = (
    r"volg|volgen|follow|abonneer|subscribe|schrijf je in|meld je aan|sign up|connect|"
    r"like|vind ik leuk|deel|share|repost|reageer|comment|klik|click|stuur|dm|tag|"
    r"vind ons|find us"
)
_PROMPT_TARGET = (
    r"mij|me|ons|us|onze|our|pagina|page|profiel|profile|nieuwsbrief|newsletter|kanaal|"
    r"channel|linkedin|instagram|facebook|twitter|youtube|tiktok|spotify|voor meer|for more|"
    r"dit bericht|deze post|dit artikel|dit stuk|this post|this article|hieronder|below|"
    r"de bel|the bell"
)
_PROMPT_EMOJI = "♻️🔔👇👉➡️👍💬"
PROMPT = re.compile(
    rf"^[\W_]*(?:(?:p\.?s\.?|tip)\W+)?(?:{_PROMPT_VERB})\b.*(?:\b(?:{_PROMPT_TARGET})\b|[{_PROMPT_EMOJI}])"
    rf"|^.*\?\s*(?:{_PROMPT_VERB})\b.*\b(?:{_PROMPT_TARGET})\b"
    rf"|^\s*[{_PROMPT_EMOJI}]+\W*(?:{_PROMPT_VERB})\b",
    re.IGNORECASE,
)
COOKIE = re.compile(r"\bcookies?\b|\bcookie-?(?:instellingen|settings|beleid|policy)", re.I)
_COOKIE_WORDS = re.compile(
    r"gebruik|use|accept|akkoord|toestemming|consent|instellingen|settings|voorkeur|"
    r"preferen|privacy|weiger|reject|beheer|manage|verklaring|policy|beleid|analyse|"
    r"analytics|ervaring|experience|personali",
    re.IGNORECASE,
)
COOKIE_BUTTON = re.compile(
    r"^(?:akkoord|accepteren|accepteer|alles accepteren|alle cookies accepteren|accepteer alle"
    r"(?: cookies)?|weigeren|alles weigeren|accept|accept all(?: cookies)?|allow all|reject|"
    r"reject all|decline|ok|oké|okay|instellingen|cookie-instellingen|settings|cookie settings|"
    r"manage preferences|voorkeuren|voorkeuren beheren|meer informatie|more information|"
    r"sluiten|close|x|×|got it|begrepen|prima)[.!]?$",
    re.IGNORECASE,
)


def chrome_kind(text: str, words: int) -> str | None:
    """What site chrome a whole line is, or None for article text."""
    if LINKEDIN_TITLE.match(text):
        return "LinkedIn page title"
    if COUNTER.match(text) and not text.isdigit():
        return "notification counter"
    if REACTIONS.match(text):
        return "reaction count"
    if NAVIGATION.match(text):
        return "site navigation"
    if POST_HEADER.match(text):
        return "post header (age, connection)"
    if COOKIE.search(text) and _COOKIE_WORDS.search(text) and words <= 60:
        return "cookie notice"
    if words <= 14 and PROMPT.match(text) and "://" not in text:
        return "follow or share prompt"
    return None


def cookie_button(text: str) -> bool:
    """A button of a cookie notice: chrome only right after (or before) such a notice."""
    return bool(COOKIE_BUTTON.match(text))
