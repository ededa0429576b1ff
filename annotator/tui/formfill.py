"""The quote and claim forms opened on a span: filled with the prefills for a new span, with
the saved values for an existing one (always kept among the choices, so that accepting the
form unchanged changes nothing)."""

from __future__ import annotations

from annotator.model import Annotation, Claim, Quote
from annotator.tui import claimfill, prefill
from annotator.tui.forms import ClaimForm, QuoteForm
from annotator.tui.session import Session


def _entity_candidate(session: Session, entity_id: str | None) -> prefill.Candidate | None:
    entity = session.entity(entity_id) if entity_id else None
    return prefill.Candidate(entity.start, entity.end, entity.text, entity.id) if entity else None


def quote_form(session: Session, start: int, end: int, quote: Quote | None = None) -> QuoteForm:
    text, rec = session.text, session.record
    cues = prefill.cue_candidates(text, start, end, mentions=rec.entities)
    if quote is None:
        cue = cues[0] if cues else None
        best = prefill.speaker_choice(rec, text, start, end, cue)
        speaker, cue_span, kind = (best.id if best else None), ((cue.start, cue.end) if cue else None), prefill.quote_kind(text, start, end)
    else:
        speaker, cue_span, kind = quote.speaker, ((quote.cue.start, quote.cue.end) if quote.cue else None), quote.kind
        if quote.cue:
            cues = prefill.with_current(cues, prefill.Candidate(quote.cue.start, quote.cue.end, quote.cue.text))
    speakers = prefill.speaker_candidates(rec, start, end, text, prefill.Candidate(*cue_span, "") if cue_span else None)
    speakers = prefill.with_current(speakers, _entity_candidate(session, speaker))
    note = prefill.NO_SPEAKER if quote is None and speaker is None else ""
    return QuoteForm(text[start:end], kind, speakers, cues, speaker=speaker, cue=cue_span, editing=quote is not None, note=note)


def mentions(rec: Annotation, start: int, end: int, labels: tuple[str, ...]) -> list[prefill.Candidate]:
    """The mentions with these labels, nearest to the span first."""
    found = [e for e in rec.entities if e.label in labels]
    found.sort(key=lambda e: (min(abs(e.end - start), abs(e.start - end)), e.start))
    return [prefill.Candidate(e.start, e.end, e.text, e.id) for e in found]


def claim_form(session: Session, start: int, end: int, claim: Claim | None = None) -> ClaimForm:
    rec = session.record
    fields = claimfill.claim_prefill(rec, session.text, start, end) if claim is None else claim.model_dump()
    places = mentions(rec, start, end, claimfill.PLACE_LABELS)
    sources = prefill.with_current(prefill.speaker_candidates(rec, start, end), _entity_candidate(session, fields.get("source")))

    def check(result: dict) -> str | None:
        return session.claim_problem(start, end, result)

    return ClaimForm(session.text[start:end], fields, places, sources, editing=claim is not None, check=check)
