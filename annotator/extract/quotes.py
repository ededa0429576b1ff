"""Baseline quote finder: quotation marks, reporting verbs and a speaker heuristic.

* direct / mixed: a passage of three or more words in quotation marks whose
  nearest preceding reporting verb (قال، أوضح، صرّح، أكد، أضاف، ذكر، خلص،
  أشار and their feminine / participle forms, with و or ف) is in the same
  sentence.  ``أن "..."`` is direct; ``أن X "..."`` is mixed and may extend
  over a following ``وأن ...`` clause.
* indirect: a reporting verb followed, within the sentence, by أن / أنه and no
  quotation mark; the content runs to the end of the sentence.
* postposed attribution ``كما أشار X``: the clause before it (back to the
  sentence start, an أن, or a ``، و...`` clause boundary), guidelines §2.6.
* speaker: an entity right after the verb (a person first for a masculine
  verb, an organisation first for a feminine one); else the nearest entity of
  that kind earlier in the sentence; else the latest speaker of the same
  gender; else the nearest entity of that kind before.

Marks of one or two words (scare quotes, quoted names) are not quotes.
"""

from __future__ import annotations

from dataclasses import dataclass

from annotator.extract.entities import Found
from annotator.extract.lexicon import FINITE_VERBS, PARTICIPLES
from annotator.extract.tokens import Text, strip_clitic

_THAT = frozenset({"ان", "انه", "انها", "بان", "بانه"})
_OPEN = {'"': '"', "«": "»", "“": "”", "„": "“"}
_WINDOW = 25
_NOT_COMPLEMENT = frozenset({"الا", "رغم", "الرغم", "بعد", "قبل", "منذ", "بمجرد"})
# Common words whose first letter و is a root letter, not the conjunction.
_WAW_NOUNS = frozenset({
    "وزاره", "وزير", "وزراء", "وكاله", "ولايه", "ولايات", "وضع", "وجود", "وفد", "وقف", "وحده", "وحدات",
    "واشنطن", "وثيقه", "وسائل", "وسط", "وصول", "وقت", "ورقه", "وطن", "وكالات", "واقع", "وتيره",
})


@dataclass(frozen=True, slots=True)
class FoundQuote:
    start: int  # normalised offsets
    end: int
    kind: str
    cue: tuple[int, int] | None  # normalised offsets of the verb without proclitic
    speaker: Found | None


def _quoted_segments(text: Text) -> list[tuple[int, int]]:
    """(index of opening-mark token, index of closing-mark token) pairs."""
    toks = text.tokens
    out = []
    i = 0
    while i < len(toks):
        mark = toks[i].text
        if mark in _OPEN:
            close = _OPEN[mark]
            j = i + 1
            while j < len(toks) and toks[j].text != close and "\n" not in text.norm[toks[j - 1].end : toks[j].start]:
                j += 1
            if j < len(toks) and toks[j].text == close:
                out.append((i, j))
                i = j + 1
                continue
        i += 1
    return out


def _verb(text: Text, k: int) -> tuple[int, str] | None:
    hit = strip_clitic(text.tokens[k].text, FINITE_VERBS)
    if hit is None:
        hit = strip_clitic(text.tokens[k].text, PARTICIPLES)
    return hit


def _feminine(stem: str) -> bool:
    return FINITE_VERBS.get(stem, False) or stem.endswith("ه")


class _Finder:
    def __init__(self, text: Text, entities: list[Found]) -> None:
        self.text = text
        self.toks = text.tokens
        self.entities = entities
        self.used_verbs: set[int] = set()
        self.speakers: list[tuple[int, bool, Found]] = []  # (cue token, feminine, speaker)
        self.quotes: list[FoundQuote] = []
        self.pending: list[tuple[int, int, str, int | None]] = []

    # -- speakers ------------------------------------------------------
    def _entity_starting(self, k: int) -> Found | None:
        start = self.toks[k].start
        end = self.toks[k].end
        for e in self.entities:
            if start <= e.start < end and e.label in ("PER", "ORG"):
                return e
        return None

    def speaker_for(self, cue: int, stem: str, stop: int) -> Found | None:
        feminine = _feminine(stem)
        order = ("ORG", "PER") if feminine else ("PER", "ORG")
        toks = self.toks
        # 1. an entity right after the verb, before the content starts
        after = [e for k in range(cue + 1, min(stop, cue + 9)) if (e := self._entity_starting(k))]
        for label in order:
            for e in after:
                if e.label == label:
                    return e
        sentence = toks[cue].sentence
        before = [e for e in self.entities if e.end <= toks[cue].start and e.label in ("PER", "ORG")]
        # 2. the nearest entity of the verb's kind earlier in the sentence
        same = [e for e in before if self.text.tokens[self.text.token_at(e.start)].sentence == sentence]
        for e in reversed(same):
            if e.label == order[0]:
                return e
        # 3. the latest speaker of the same gender
        for k, fem, e in reversed(self.speakers):
            if k < cue and fem == feminine:
                return e
        # 4. the nearest entity of the verb's kind
        for e in reversed(before):
            if e.label == order[0]:
                return e
        return None

    def _cue_span(self, k: int, clen: int) -> tuple[int, int]:
        return self.toks[k].start + clen, self.toks[k].end

    def add(self, start: int, end: int, kind: str, cue: int | None) -> None:
        """Queue a quote; speakers are resolved in text order by ``finish``."""
        if cue is not None:
            self.used_verbs.add(cue)
        self.pending.append((start, end, kind, cue))

    def finish(self) -> list[FoundQuote]:
        for start, end, kind, cue in sorted(self.pending):
            self._resolve(start, end, kind, cue)
        return self.quotes

    def _resolve(self, start: int, end: int, kind: str, cue: int | None) -> None:
        if cue is None:
            self.quotes.append(FoundQuote(start, end, kind, None, None))
            return
        clen, stem = _verb(self.text, cue)  # type: ignore[misc]
        content = self.text.token_at(start)
        # postposed (كما أشار X): the content is before the verb, the speaker after it
        speaker = self.speaker_for(cue, stem, content if content > cue else len(self.toks))
        if speaker is not None:
            self.speakers.append((cue, _feminine(stem), speaker))
        self.quotes.append(FoundQuote(start, end, kind, self._cue_span(cue, clen), speaker))

    # -- the three patterns --------------------------------------------
    def marked(self) -> None:
        toks = self.toks
        for i, j in _quoted_segments(self.text):
            words = [t for t in toks[i + 1 : j] if t.is_word]
            if len(words) < 3:
                continue  # scare quotes, quoted names
            cue = None
            that = None
            for k in range(i - 1, max(-1, i - _WINDOW), -1):
                if toks[k].text in _OPEN.values() and k < i - 1:
                    break
                if toks[k].text in _THAT and that is None:
                    that = k
                if _verb(self.text, k):
                    cue = k
                    break
            if cue is not None and strip_clitic(toks[cue].text, PARTICIPLES):
                # وصرّح أوستن قائلاً: the finite verb introduces the quote
                for k in range(cue - 1, max(-1, cue - 5), -1):
                    if strip_clitic(toks[k].text, FINITE_VERBS):
                        between = (toks[k + 1].start, toks[cue - 1].end)
                        if any(e.start <= between[0] and between[1] <= e.end for e in self.entities):
                            cue = k
                        break
            if that is not None and that < i - 1:
                end = toks[j].end
                nxt = j + 1
                if nxt < len(toks) and toks[nxt].text in ("وان", "وانه"):
                    k = nxt
                    while k < len(toks) and toks[k].sentence == toks[j].sentence and toks[k].text not in (".", "؟", "!"):
                        k += 1
                    end = toks[k - 1].end
                self.add(toks[that + 1].start, end, "mixed", cue)
            else:
                self.add(toks[i + 1].start, toks[j - 1].end, "direct", cue)

    def reported(self) -> None:
        toks = self.toks
        for k, tok in enumerate(toks):
            if k in self.used_verbs or not _verb(self.text, k):
                continue
            if k > 0 and toks[k - 1].text == "كما":
                self.postposed(k)
                continue
            for m in range(k + 1, min(len(toks), k + 14)):
                if toks[m].sentence != tok.sentence or toks[m].text in _OPEN or _verb(self.text, m):
                    break
                if toks[m].text in _NOT_COMPLEMENT:
                    break  # إلا أن، رغم أن: an أن that does not report the verb's content
                if toks[m].text in _THAT:
                    if m + 1 < len(toks) and toks[m + 1].text in _OPEN:
                        break  # a marked quote, found by marked()
                    end = m + 1
                    while end < len(toks) and toks[end].sentence == tok.sentence and toks[end].text not in (".", "؟", "!"):
                        end += 1
                    if end > m + 1:
                        self.add(toks[m + 1].start, toks[end - 1].end, "indirect", k)
                    break

    def postposed(self, k: int) -> None:
        toks = self.toks
        comma = k - 2
        if comma < 1 or toks[comma].text not in ("،", ","):
            return
        first = comma - 1
        while first > 0 and toks[first - 1].sentence == toks[k].sentence:
            prev = toks[first - 1]
            if prev.text in _THAT:
                break
            if toks[first].text.startswith("و") and prev.text in ("،", ","):
                break
            first -= 1
        start = toks[first].start
        word = toks[first].text
        if word.startswith("و") and len(word) > 3 and word not in _WAW_NOUNS:
            start += 1  # وتركزت: the clause's conjunction is not content
        self.add(start, toks[comma - 1].end, "indirect", k)


def find_quotes(text: Text, entities: list[Found]) -> list[FoundQuote]:
    finder = _Finder(text, entities)
    finder.marked()
    finder.reported()
    return finder.finish()
