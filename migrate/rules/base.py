"""Base class of a rewrite rule.

A rule is a small object with libcst-style ``visit_<Node>`` / ``leave_<Node>``
methods.  All rules of a run share one tree walk (``migrate.transform``): the
walker calls, for each node, the matching method of every rule in ``RULES``
order, so adding a rule costs a dictionary lookup per node, not a pass.
"""
from __future__ import annotations

import libcst as cst

from migrate.context import FileContext
from migrate.cstutil import rebuild_args


class Rule:
    """One named rewrite; ``name`` is what the report and summary count."""

    name = "rule"
    DESCRIPTION = ""

    def __init__(self, ctx: FileContext) -> None:
        self.ctx = ctx
        # every rule asks for the qualified name of every call's callee: the cached lookup
        # itself, not a method forwarding to it (one Python call less per rule and node)
        self.qualname = ctx.bindings.qualname  # type: ignore[method-assign]

    # convenience -----------------------------------------------------------
    @classmethod
    def relevant(cls, source: str) -> bool:
        """Whether the rule can act on ``source`` at all (checked once per file, on the text): a
        rule that cannot is left out of the walk.  Conservative: True unless a rule knows better."""
        return True

    def change(self, original: cst.CSTNode, updated: cst.CSTNode | str) -> None:
        self.ctx.change(self.name, original, updated)

    def rebuilt(self, original: cst.Call, updated: cst.Call, slots: list, changed: bool) -> cst.Call:
        """``updated`` with its arguments rebuilt from ``slots`` (recorded as a change),
        or ``updated`` untouched when no slot changed."""
        if not changed:
            return updated
        new = rebuild_args(updated, slots)
        self.change(original, new)
        return new

    def warn(self, node: cst.CSTNode | int, message: str) -> None:
        self.ctx.warn(self.name, node, message)

    def qualname(self, node: cst.BaseExpression | None) -> str | None:
        return self.ctx.bindings.qualname(node)
