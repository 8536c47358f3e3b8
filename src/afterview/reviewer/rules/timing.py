"""timing: the planned send time against the interview's end and the recipient's calendar."""

from __future__ import annotations

from datetime import datetime, timedelta

from afterview.domain.days import calendar
from afterview.reviewer.engine import Input, register


def _local(moment: datetime, zone_name: str) -> datetime:
    if not zone_name:
        return moment
    from afterview.domain.values import zone
    from afterview.errors import InvalidInput

    try:
        return moment.astimezone(zone(zone_name))
    except InvalidInput:
        return moment


def _hour(value: float) -> str:
    """7 -> '07:00', 7.5 -> '07:30', 24 -> '24:00'."""
    minutes = round(value * 60)
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


def _theirs(local: datetime, zone_name: str) -> str:
    """'Sat 2026-12-05 02:00 their time (America/New_York)', or '... for the recipient' without
    a known zone."""
    return f"{local:%a %Y-%m-%d %H:%M} " + (f"their time ({zone_name})" if zone_name else "for the recipient")


def check_timing(data: Input):
    ctx, config = data.context, data.config
    send = ctx.send_at
    if send is None:
        return
    end = ctx.interview_end
    if end is not None and data.kind == "thank_you" and send < end:
        # not a matter of taste: a thank-you for a conversation that has not ended yet
        ends = _local(end, ctx.recipient_timezone)
        minutes = int((end - send).total_seconds() // 60)
        yield data.find("timing", f"a thank-you set to go out {minutes} minutes before the interview ends "
                        f"({_theirs(ends, ctx.recipient_timezone)})", None, None,
                        f"Schedule it for at least {config.min_gap_hours:g} h after the interview ends.",
                        severity="error")
        return
    local = _local(send, ctx.recipient_timezone)
    if local.weekday() >= 5:
        yield data.find("timing", f"scheduled on a {local:%A} ({_theirs(local, ctx.recipient_timezone)[4:]})",
                        None, None, "Schedule it for the next business morning.")
    elif ctx.recipient_country:
        name = calendar(ctx.recipient_country.upper()).holiday_name(local.date())
        if name:
            yield data.find("timing", f"scheduled on a public holiday in "
                            f"{ctx.recipient_country.upper()}: {name} ({local:%Y-%m-%d})", None,
                            None, "Schedule it for the next business morning.")
    minute = local.hour * 60 + local.minute
    if minute < config.waking_from * 60 or minute > config.waking_until * 60:
        yield data.find("timing", f"arrives outside the recipient's waking hours ({_hour(config.waking_from)}-"
                        f"{_hour(config.waking_until)}): {_theirs(local, ctx.recipient_timezone)}", None, None,
                        f"Schedule it for their morning (from {_hour(config.waking_from)} their time).")
    if end is None:
        return
    gap = send - end
    if gap < timedelta(hours=config.min_gap_hours):
        minutes = int(gap.total_seconds() // 60)
        when = f"{minutes} minutes after" if minutes >= 0 else f"{-minutes} minutes before"
        yield data.find("timing", f"scheduled {when} the interview ends (at least "
                        f"{config.min_gap_hours:g} h after reads as considered, not pre-written)",
                        None, None, "Send it later the same day or the next morning.")
    elif data.kind == "thank_you" and gap > timedelta(hours=config.thank_you_late_hours):
        due = ctx.planned_due() if callable(ctx.planned_due) else ctx.planned_due
        if due is not None and send <= due:
            return  # in the slot the plan set for it (a Friday's note on Monday morning): on time
        hours = gap.total_seconds() / 3600
        after = ""
        if due is not None:
            after = f", and past its planned due moment, {_theirs(_local(due, ctx.recipient_timezone), ctx.recipient_timezone)}"
        yield data.find("timing", f"a thank-you {hours:.0f} h after the interview is late "
                        f"(over {config.thank_you_late_hours:g} h{after})", None, None,
                        "Send it anyway, as soon as possible, without 'yesterday'.")


register(("timing",), check_timing)
