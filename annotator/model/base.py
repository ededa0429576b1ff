"""Shared model configuration and field types."""

import re
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, StrictBool, StrictFloat, StrictInt, StrictStr

# Offsets are code points into the NFC document text, half-open [start, end).
Offset = Annotated[StrictInt, Field(ge=0)]
Id = Annotated[StrictStr, Field(min_length=1, max_length=200, pattern=r"^[A-Za-z0-9_.:-]+$")]
Number = StrictInt | StrictFloat
# ISO-8601 calendar date (year, year-month or full date), optionally an interval "a/b".
_DATE = r"[0-9]{4}(-[0-9]{2}(-[0-9]{2})?)?"
ISO_DATE_PATTERN = rf"^{_DATE}(/{_DATE})?$"
# ISO-8601 dates, times and durations accepted for a claim's `time`.
ISO_TIME_PATTERN = (
    rf"^({_DATE}(T[0-9]{{2}}:[0-9]{{2}}(:[0-9]{{2}})?(Z|[+-][0-9]{{2}}:[0-9]{{2}})?)?(/{_DATE})?"
    r"|P([0-9]+[YMWD])+(T([0-9]+[HMS])+)?|PT([0-9]+[HMS])+)$"
)
Sha256 = Annotated[StrictStr, Field(pattern=r"^[0-9a-f]{64}$")]
# A document id: the one rule for the registry, gold and prediction records (and `annotator add`).
DOC_ID_PATTERN = r"^[A-Za-z0-9_.:-]+$"
DOC_ID = re.compile(DOC_ID_PATTERN.strip("^$"))
DocId = Annotated[StrictStr, Field(min_length=1, pattern=DOC_ID_PATTERN)]

__all__ = ["DOC_ID", "DOC_ID_PATTERN", "Bool", "DocId", "Id", "Number", "Offset", "Record", "Sha256", "Str"]

Bool = StrictBool
Str = StrictStr


class Record(BaseModel):
    """Base of every model: unknown fields are errors, types are strict (no coercion)."""

    model_config = ConfigDict(extra="forbid", strict=True, allow_inf_nan=False)
