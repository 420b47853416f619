"""Risk screening of customs declarations: rules from a data file, each hit explained."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from landsea.domain.customs import DeclarationItem, Lane, RuleHit

__all__ = ["Benchmark", "RiskRules", "screen"]


@dataclass(frozen=True, slots=True, kw_only=True)
class Benchmark:
    hs_prefix: str
    origin: str
    value_per_kg: Decimal
    currency: str


@dataclass(frozen=True, slots=True, kw_only=True)
class RiskRules:
    yellow: float
    red: float
    rules: Mapping[str, Mapping[str, Any]]
    benchmarks: Sequence[Benchmark]
    watchlist: Mapping[str, str]
    """Party name (case-folded) → the reason it is listed."""
    watchlist_zh: Mapping[str, str] = field(default_factory=dict)
    """Party name (case-folded) → the reason it is listed, in Chinese."""
    sla_hours: Mapping[str, float] = field(default_factory=dict)
    """Lane → the hours from lodging to a decision that clearance is timed against."""

    def lane(self, score: float) -> Lane:
        if score >= self.red:
            return Lane.RED
        return Lane.YELLOW if score >= self.yellow else Lane.GREEN

    def benchmark(self, hs_code: str, origin: str) -> Benchmark | None:
        """The most specific benchmark: the longest HS prefix, the origin before ``*``."""
        candidates = [
            b
            for b in self.benchmarks
            if hs_code.startswith(b.hs_prefix) and b.origin in (origin, "*")
        ]
        return max(candidates, key=lambda b: (len(b.hs_prefix), b.origin != "*"), default=None)


def screen(
    rules: RiskRules,
    *,
    items: Sequence[DeclarationItem],
    values_cny: Sequence[Decimal],
    containers: int,
    parties: Sequence[str],
    dangerous_goods: bool,
    first_declaration: bool,
) -> tuple[list[RuleHit], float, Lane]:
    """The rule hits of a declaration, its score and its lane.

    ``values_cny`` are the items' values converted to CNY (the benchmarks' currency).
    """
    hits: list[RuleHit] = []
    spec = rules.rules

    def hit(rule: str, **facts: Any) -> None:
        config = spec[rule]
        hits.append(
            RuleHit(
                rule=rule,
                weight=float(config["weight"]),
                explanation=str(config["explain"]).format(**facts),
                facts={k: v if isinstance(v, int | float) else str(v) for k, v in facts.items()},
            )
        )

    if "undervalued" in spec:
        threshold = float(spec["undervalued"]["threshold"])
        for item, value in zip(items, values_cny, strict=True):
            benchmark = rules.benchmark(item.hs_code, item.origin_country)
            if benchmark is None or item.net_kg <= 0:
                continue
            per_kg = value / Decimal(str(item.net_kg))
            if per_kg < benchmark.value_per_kg * Decimal(str(threshold)):
                hit("undervalued", threshold=threshold, prefix=benchmark.hs_prefix, origin=item.origin_country,
                    benchmark=benchmark.value_per_kg, currency=benchmark.currency)  # fmt: skip
    if "dangerous_without_declaration" in spec and not dangerous_goods:
        config = spec["dangerous_without_declaration"]
        for chapter in sorted({item.hs_code[:2] for item in items} & set(config["chapters"])):
            hit(
                "dangerous_without_declaration",
                chapter=chapter,
                name=config.get("names", {}).get(chapter, ""),
                name_zh=config.get("names_zh", {}).get(chapter, ""),
            )
    if "watchlisted_party" in spec:
        for party in parties:
            reason = rules.watchlist.get(party.casefold().strip())
            if reason is not None:
                key = party.casefold().strip()
                hit("watchlisted_party", party=party, reason=reason,
                    reason_zh=rules.watchlist_zh.get(key, reason))  # fmt: skip
    if "implausible_weight" in spec and containers > 0:
        config = spec["implausible_weight"]
        gross = sum(item.gross_kg for item in items)
        per = gross / containers
        low, high = (
            int(config["min_gross_kg_per_container"]),
            int(config["max_gross_kg_per_container"]),
        )
        if not low <= per <= high:
            hit(
                "implausible_weight",
                gross=gross,
                containers=containers,
                per=per,
                low=low,
                high=high,
            )
    if "first_declaration" in spec and first_declaration:
        hit("first_declaration")
    score = round(sum(h.weight for h in hits), 3)
    return hits, score, rules.lane(score)
