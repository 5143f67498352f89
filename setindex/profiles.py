"""What a page shows of each customer beyond the numbers segments compare: name, kind,
contact fields and the UTC offsets of its times, by customer number, packed so that a million
customers cost tens of megabytes rather than the ~100 bytes of each Python string."""

from __future__ import annotations

from array import array

from pyroaring import BitMap

from graph.index_feed.model import CustomerFact


class TextColumn:
    """Optional strings by customer number: UTF-8 in one buffer, changes in a dict beside it
    (at most one entry per customer, so it never outgrows a plain list of strings)."""

    def __init__(self) -> None:
        self._data = bytearray()
        self._ends = array("q")
        self._missing = BitMap()
        self._changed: dict[int, str | None] = {}

    def __len__(self) -> int:
        return len(self._ends)

    def append(self, value: str | None) -> None:
        """Add the value of the next customer number."""
        if value is None:
            self._missing.add(len(self._ends))
        else:
            self._data += value.encode()
        self._ends.append(len(self._data))

    def __getitem__(self, number: int) -> str | None:
        changed = self._changed.get(number, self)
        if changed is not self:
            return changed  # type: ignore[return-value]
        if number >= len(self._ends) or number in self._missing:
            return None
        start = self._ends[number - 1] if number else 0
        return self._data[start : self._ends[number]].decode()

    def __setitem__(self, number: int, value: str | None) -> None:
        if number == len(self._ends):
            self.append(value)
        else:
            self._changed[number] = value


class Profiles:
    """Name, kind, email, phone, industry and region codes and time offsets of every
    customer number."""

    def __init__(self) -> None:
        self.names = TextColumn()
        self.emails = TextColumn()
        self.phones = TextColumn()
        # Few distinct values: one shared string object each (see _shared).
        self.kinds: list[str | None] = []
        self.industries: list[str | None] = []
        self.regions: list[str | None] = []
        self._strings: dict[str, str] = {}
        # UTC offsets in seconds of the creation, update and last interaction times.
        self.offsets = (array("i"), array("i"), array("i"))

    def put(self, number: int, fact: CustomerFact | None) -> None:
        """Hold this customer's fields at `number` (the next one, or a known one); None
        clears them (an erased customer)."""
        shared = self._shared
        codes = (
            (None, None, None)
            if fact is None
            else (fact.kind, fact.industry_code, fact.region_code)
        )
        offsets = (0, 0, 0) if fact is None else fact.offsets
        self.names[number] = None if fact is None else fact.name
        self.emails[number] = None if fact is None else fact.email
        self.phones[number] = None if fact is None else fact.phone
        appending = number == len(self.kinds)
        for values, code in zip((self.kinds, self.industries, self.regions), codes, strict=True):
            if appending:
                values.append(shared(code))
            else:
                values[number] = shared(code)
        for column, offset in zip(self.offsets, offsets, strict=True):
            if appending:
                column.append(offset)
            else:
                column[number] = offset

    def _shared(self, value: str | None) -> str | None:
        return None if value is None else self._strings.setdefault(value, value)
