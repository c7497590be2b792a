"""Deterministic measures of work, for tests that grow an input 10× and 100×
and assert the work grows no faster than the input (issue 24, point 4).

Never a clock: a test that timed its code would pass or fail with the load
of the machine. Two counters instead:

- :class:`Steps` runs a regular expression the way Python's own engine does
  (a backtracking matcher over the pattern as ``re`` parses it: the same
  order of alternatives, the same greedy and lazy repeats, the same restart
  at each position for ``search``) and counts every character test and every
  backtrack. Python's engine has no memo, so a pattern that backtracks
  catastrophically there backtracks here in the same proportion.
- :func:`lines` counts the Python lines a call runs (``sys.settrace``), in
  the portal's own code only.
"""

from __future__ import annotations

import re
import sys
import threading
from re import _constants as C
from re import _parser as P
from typing import Callable

ONE_CHAR = {C.LITERAL, C.NOT_LITERAL, C.ANY, C.IN}


class TooMuchWork(Exception):
    """The count passed its limit (the input is already far beyond linear)."""


class Steps:
    """A backtracking matcher over ``re``'s parse of a pattern that counts
    its steps. ``count(text, how)`` returns the steps ``how`` takes
    ("search", "match", "fullmatch" or "finditer", which ``sub``, ``split``
    and ``findall`` also do)."""

    def __init__(self, pattern: str | re.Pattern, flags: int = 0, limit: int = 20_000_000):
        if isinstance(pattern, re.Pattern):
            pattern, flags = pattern.pattern, pattern.flags
        if isinstance(pattern, bytes):
            raise TypeError("text patterns only")
        self.tree = P.parse(pattern, flags)
        self.flags = self.tree.state.flags
        self.limit = limit
        self.steps = 0
        self.text = ""
        self.groups: dict[int, tuple[int, int]] = {}

    # ----- running -----

    def count(self, text: str, how: str = "search") -> int:
        self.steps, self.text, self.groups = 0, text, {}
        if len(text) <= 400:  # shallow enough for the caller's own stack
            return self._run(text, how)
        box: dict = {}

        def run():
            try:
                box["steps"] = self._run(text, how)
            except BaseException as error:  # noqa: BLE001 - handed back to the caller's thread
                box["error"] = error

        old = sys.getrecursionlimit()
        sys.setrecursionlimit(max(old, 200_000))
        size = threading.stack_size(512 * 1024 * 1024)
        try:
            thread = threading.Thread(target=run)
            thread.start()
            thread.join()
        finally:
            threading.stack_size(size)
            sys.setrecursionlimit(old)
        if "error" in box:
            raise box["error"]
        return box["steps"]

    def _run(self, text: str, how: str) -> int:
        n = len(text)
        items = list(self.tree.data)
        self.found: list[tuple[int, int]] = []  # the matches, as (start, end), to compare with re's
        if how == "match":
            end = self._seq(items, 0, 0, lambda e: e)
            self.found = [] if end is None else [(0, end)]
        elif how == "fullmatch":
            end = self._seq(items, 0, 0, lambda e: e if e == n else None)
            self.found = [] if end is None else [(0, end)]
        elif how == "search":
            for start in range(n + 1):
                self._tick()
                end = self._seq(items, 0, start, lambda e: e)
                if end is not None:
                    self.found = [(start, end)]
                    break
        elif how == "finditer":
            start = 0
            while start <= n:
                self._tick()
                self.groups = {}
                end = self._seq(items, 0, start, lambda e: e)
                if end is not None:
                    self.found.append((start, end))
                start = start + 1 if end is None or end == start else end
        else:
            raise ValueError(how)
        return self.steps

    def _tick(self) -> None:
        self.steps += 1
        if self.steps > self.limit:
            raise TooMuchWork(self.steps)

    # ----- the matcher -----

    def _seq(self, items: list, i: int, pos: int, k: Callable[[int], int | None]) -> int | None:
        if i == len(items):
            return k(pos)
        op, av = items[i]
        nxt = lambda p: self._seq(items, i + 1, p, k)  # noqa: E731
        self._tick()
        if op in ONE_CHAR:
            return nxt(pos + 1) if self._one(op, av, pos) else None
        if op is C.AT:
            return nxt(pos) if self._at(av, pos) else None
        if op is C.BRANCH:
            for alternative in av[1]:
                found = self._seq(list(alternative.data), 0, pos, nxt)
                if found is not None:
                    return found
            return None
        if op is C.SUBPATTERN:
            group, _, _, sub = av
            return self._seq(list(sub.data), 0, pos, self._close(group, pos, nxt))
        if op in (C.MAX_REPEAT, C.MIN_REPEAT):
            return self._repeat(op is C.MAX_REPEAT, av, pos, nxt)
        if op in (C.POSSESSIVE_REPEAT,):
            low, high, sub = av
            end = self._greedy_once(sub, low, high, pos)
            return None if end is None else nxt(end)
        if op is C.ATOMIC_GROUP:
            end = self._seq(list(av.data), 0, pos, lambda e: e)
            return None if end is None else nxt(end)
        if op in (C.ASSERT, C.ASSERT_NOT):
            direction, sub = av
            if direction == 1:
                found = self._seq(list(sub.data), 0, pos, lambda e: e) is not None
            else:
                width = sub.getwidth()[0]
                start = pos - width
                found = start >= 0 and self._seq(list(sub.data), 0, start,
                                                 lambda e: e if e == pos else None) is not None
            return nxt(pos) if found == (op is C.ASSERT) else None
        if op is C.GROUPREF:
            if av not in self.groups:
                return None
            start, end = self.groups[av]
            piece = self.text[start:end]
            self.steps += len(piece)
            return nxt(pos + len(piece)) if self.text.startswith(piece, pos) else None
        if op is C.GROUPREF_EXISTS:
            group, yes, no = av
            branch = yes if group in self.groups else no
            return self._seq(list(branch.data) if branch else [], 0, pos, nxt)
        raise NotImplementedError(op)

    def _close(self, group, start, k):
        if group is None:
            return k

        def closed(end):
            old = self.groups.get(group)
            self.groups[group] = (start, end)
            found = k(end)
            if found is None:
                if old is None:
                    self.groups.pop(group, None)
                else:
                    self.groups[group] = old
            return found
        return closed

    def _repeat(self, greedy: bool, av, pos: int, k) -> int | None:
        low, high, sub = av
        items = list(sub.data)
        if len(items) == 1 and items[0][0] in ONE_CHAR:
            op, arg = items[0]
            most = pos
            limit = len(self.text) if high is P.MAXREPEAT else min(len(self.text), pos + high)
            while most < limit and self._one(op, arg, most):
                self._tick()
                most += 1
            if most - pos < low:
                return None
            ends = range(most, pos + low - 1, -1) if greedy else range(pos + low, most + 1)
            for end in ends:
                self._tick()
                found = k(end)
                if found is not None:
                    return found
            return None

        def again(count: int, at: int) -> int | None:
            self._tick()
            if greedy:
                if high is P.MAXREPEAT or count < high:
                    found = self._seq(items, 0, at, lambda e: None if e == at and count >= low else again(count + 1, e))
                    if found is not None:
                        return found
                return k(at) if count >= low else None
            if count >= low:
                found = k(at)
                if found is not None:
                    return found
            if high is P.MAXREPEAT or count < high:
                return self._seq(items, 0, at, lambda e: None if e == at and count >= low else again(count + 1, e))
            return None
        return again(0, pos)

    def _greedy_once(self, sub, low, high, pos):
        count, at = 0, pos
        while high is P.MAXREPEAT or count < high:
            end = self._seq(list(sub.data), 0, at, lambda e: e)
            if end is None or end == at:
                break
            count, at = count + 1, end
        return at if count >= low else None

    # ----- single characters and positions -----

    def _one(self, op, av, pos: int) -> bool:
        if pos >= len(self.text):
            return False
        ch = self.text[pos]
        if op is C.ANY:
            return bool(self.flags & re.DOTALL) or ch != "\n"
        if op is C.LITERAL:
            return self._same(ch, av)
        if op is C.NOT_LITERAL:
            return not self._same(ch, av)
        return self._in(av, ch)

    def _same(self, ch: str, code: int) -> bool:
        if self.flags & re.IGNORECASE:
            return ch.lower() == chr(code).lower()
        return ord(ch) == code

    def _in(self, items, ch: str) -> bool:
        negate = False
        hit = False
        for op, av in items:
            if op is C.NEGATE:
                negate = True
            elif op is C.LITERAL:
                hit = hit or self._same(ch, av)
            elif op is C.RANGE:
                low, high = av
                code = ord(ch)
                hit = hit or low <= code <= high or (bool(self.flags & re.IGNORECASE) and (
                    low <= ord(ch.lower()) <= high or low <= ord(ch.upper()) <= high))
            elif op is C.CATEGORY:
                hit = hit or self._category(av, ch)
            else:
                raise NotImplementedError(op)
        return hit != negate

    def _category(self, category, ch: str) -> bool:
        ascii_only = bool(self.flags & re.ASCII)
        if category in (C.CATEGORY_DIGIT, C.CATEGORY_NOT_DIGIT):
            yes = ch.isdecimal() and (not ascii_only or ch.isascii())
            return yes == (category is C.CATEGORY_DIGIT)
        if category in (C.CATEGORY_SPACE, C.CATEGORY_NOT_SPACE):
            yes = ch.isspace() and (not ascii_only or ch.isascii())
            return yes == (category is C.CATEGORY_SPACE)
        if category in (C.CATEGORY_WORD, C.CATEGORY_NOT_WORD):
            yes = (ch.isalnum() or ch == "_") and (not ascii_only or ch.isascii())
            return yes == (category is C.CATEGORY_WORD)
        raise NotImplementedError(category)

    def _word(self, pos: int) -> bool:
        return 0 <= pos < len(self.text) and self._category(C.CATEGORY_WORD, self.text[pos])

    def _at(self, where, pos: int) -> bool:
        text, n = self.text, len(self.text)
        multiline = bool(self.flags & re.MULTILINE)
        if where is C.AT_BEGINNING:
            return pos == 0 or (multiline and text[pos - 1] == "\n")
        if where is C.AT_BEGINNING_STRING:
            return pos == 0
        if where is C.AT_END:
            return pos == n or (pos == n - 1 and text[pos] == "\n") or (multiline and pos < n and text[pos] == "\n")
        if where is C.AT_END_STRING:
            return pos == n
        if where is C.AT_BOUNDARY:
            return self._word(pos - 1) != self._word(pos)
        if where is C.AT_NON_BOUNDARY:
            return self._word(pos - 1) == self._word(pos)
        raise NotImplementedError(where)


def lines(call: Callable[[], object], *, under: str = "/hooks/") -> int:
    """The number of Python lines ``call`` runs in files whose path holds
    ``under`` (the portal's own code), counted with ``sys.settrace``."""
    counted = [0]

    def local(frame, event, arg):
        if event == "line":
            counted[0] += 1
        return local

    def start(frame, event, arg):
        return local if under in frame.f_code.co_filename else None

    old = sys.gettrace()
    sys.settrace(start)
    try:
        call()
    finally:
        sys.settrace(old)
    return counted[0]


def grows_linearly(counts: list[int], factor: int = 10, slack: float = 2.0) -> bool:
    """Each count is at most ``slack`` × ``factor`` times the one before
    (inputs grown ``factor`` times at each step)."""
    return all(later <= slack * factor * max(earlier, 1) for earlier, later in zip(counts, counts[1:]))
