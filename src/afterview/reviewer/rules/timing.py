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


def check_timing(data: Input):
    ctx, config = data.context, data.config
    send = ctx.send_at
    if send is None:
        return
    local = _local(send, ctx.recipient_timezone)
    if local.weekday() >= 5:
        yield data.find("timing", f"scheduled on a {local:%A} ({local:%Y-%m-%d %H:%M} for the "
                        "recipient)", None, None, "Schedule it for the next business morning.")
    elif ctx.recipient_country:
        name = calendar(ctx.recipient_country.upper()).holiday_name(local.date())
        if name:
            yield data.find("timing", f"scheduled on a public holiday in "
                            f"{ctx.recipient_country.upper()}: {name} ({local:%Y-%m-%d})", None,
                            None, "Schedule it for the next business morning.")
    end = ctx.interview_end
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
        hours = gap.total_seconds() / 3600
        yield data.find("timing", f"a thank-you {hours:.0f} h after the interview is late "
                        f"(over {config.thank_you_late_hours:g} h)", None, None,
                        "Send it anyway, as soon as possible, without 'yesterday'.")


register(("timing",), check_timing)
