"""The words of ``landsea plan`` in English and Chinese: labels, modes, units and the planner's
issues (rendered from their code and details, so that no message is left in English)."""

from __future__ import annotations

from collections.abc import Mapping
from enum import StrEnum

__all__ = ["Lang", "issue_text", "text"]


class Lang(StrEnum):
    EN = "en"
    ZH = "zh"


_TEXT: dict[Lang, dict[str, str]] = {
    Lang.EN: {
        "title": "{origin} → {destination}, {teu} TEU {cargo}, from {depart}",
        "basis.database": "Capacity left and measured clearance from the database at {url}.",
        "basis.network": "Timetables of the network only (no database at {url}).",
        "no_option": "No option [{code}]: {message}",
        "#": "#",
        "departure": "departure",
        "arrival": "arrival",
        "days": "days",
        "cost": "cost CNY",
        "co2e": "CO2e kg",
        "modes": "modes",
        "via": "via",
        "option": "Option {n}: {transfers} transfers",
        "service": "service",
        "from_to": "from → to",
        "departs": "departs",
        "arrives": "arrives",
        "km": "km",
        "cny": "CNY",
        "kg": "kg CO2e",
        "mode.rail": "rail",
        "mode.sea": "sea",
        "mode.road": "road",
        "mode.inland_waterway": "river",
        "cargo.general": "general",
        "cargo.reefer": "reefer",
        "cargo.dangerous": "dangerous",
    },
    Lang.ZH: {
        "title": "{origin} → {destination}，{teu} 标箱{cargo}，{depart} 起",
        "basis.database": "已计入数据库（{url}）中的剩余舱位和实测通关时间。",
        "basis.network": "仅按网络时刻表规划（{url} 无数据库）。",
        "no_option": "无方案 [{code}]：{message}",
        "#": "序号",
        "departure": "出发",
        "arrival": "到达",
        "days": "天数",
        "cost": "费用（元）",
        "co2e": "碳排放（千克）",
        "modes": "运输方式",
        "via": "经由",
        "option": "方案 {n}：中转 {transfers} 次",
        "service": "班列/航线",
        "from_to": "起 → 止",
        "departs": "出发",
        "arrives": "到达",
        "km": "公里",
        "cny": "元",
        "kg": "千克二氧化碳当量",
        "mode.rail": "铁路",
        "mode.sea": "海运",
        "mode.road": "公路",
        "mode.inland_waterway": "内河",
        "cargo.general": "普通货物",
        "cargo.reefer": "冷藏货物",
        "cargo.dangerous": "危险品",
    },
}

_ISSUES: dict[Lang, dict[str, str]] = {
    Lang.EN: {},
    Lang.ZH: {
        "NO_CONNECTION": "没有不超过 {max_legs} 段的服务组合连接 {origin} 与 {destination}。",
        "NO_DEPARTURE_IN_WINDOW": "{origin} 至 {destination} 在 {depart} 起 {window_days} 天内"
        "没有出发的方案；下一班于 {next} 出发。",
        "ALL_DEPARTURES_FULL": "时间窗内 {origin} 至 {destination} 的所有班次均已满载，"
        "没有 {teu} 标箱的剩余舱位。",
        "EXCLUDED_BY_CONSTRAINT": "存在 {origin} 至 {destination} 的方案，但约束条件"
        "（{constraint}）排除了全部方案。",
        "constraint.avoid_modes": "避开{modes}",
        "constraint.avoid_places": "避开 {places}",
        "constraint.via": "经由 {via}",
        "constraint.max_days": "{max_days} 天内到达",
        "constraint.cargo_type": "只用接受{cargo}的服务",
        "constraint.teu": "同一班次有 {teu} 标箱的舱位",
        "stuck.origin": "：从 {place} 出发的服务全部是{modes}（{places}），请从这些场站之一出发",
        "stuck.destination": "：到达 {place} 的服务全部是{modes}（{places}），"
        "请以这些场站之一为目的地",
    },
}


def text(lang: Lang, key: str, **values: object) -> str:
    """The label ``key`` in ``lang``, filled with ``values``."""
    return _TEXT[lang][key].format(**values)


def issue_text(
    lang: Lang, code: str, message: str, detail: Mapping[str, str], names: Mapping[str, str]
) -> str:
    """An issue of the planner in ``lang``: its own (English) message, or the Chinese one made
    from its code and details, with places by their names in ``names``."""
    if lang is Lang.EN or code not in _ISSUES[lang]:
        return message
    table = _ISSUES[lang]
    values = dict(detail)
    for key in ("origin", "destination", "via", "place"):
        if key in values:
            values[key] = f"{names.get(values[key], values[key])} ({values[key]})"
    if "modes" in values:
        values["modes"] = "、".join(
            _TEXT[lang].get(f"mode.{m}", m) for m in values["modes"].split(",")
        )
    if "cargo" in values:
        values["cargo"] = _TEXT[lang].get(f"cargo.{values['cargo']}", values["cargo"])
    constraint = values.get("constraint")
    if constraint:
        values["constraint"] = table[f"constraint.{constraint}"].format(**values)
        if "stuck" in values:
            values["constraint"] += table[f"stuck.{values['stuck']}"].format(**values)
    return table[code].format(**values)
