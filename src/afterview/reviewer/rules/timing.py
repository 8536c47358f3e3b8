"""timing: the planned send time against the interview's end (a rejection reply: the
rejection's arrival) and the recipient's calendar."""

from __future__ import annotations

from datetime import datetime, timedelta

from afterview.domain.days import calendar
from afterview.reviewer.engine import Input, register
from afterview.reviewer.model import on_linkedin


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


def _theirs(local: datetime, zone_name: str, recorded: bool = True) -> str:
    """'Sat 2026-12-05 02:00 their time (America/New_York)', or '... for the recipient' without
    a known zone, and '... for the recipient (America/Chicago, assumed: none is recorded for
    them)' when the zone is the planner's fallback, not theirs; in the hour the clocks go back,
    with the reading it is: 'Sun 2026-11-01 01:30 CST their time (America/Chicago)'
    (domain.values.wall_clock)."""
    from afterview.domain.values import wall_clock

    if zone_name and not recorded:
        return f"{wall_clock(local)} for the recipient ({zone_name}, assumed: none is recorded for them)"
    return f"{wall_clock(local)} " + (f"their time ({zone_name})" if zone_name else "for the recipient")


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
                        f"({_theirs(ends, ctx.recipient_timezone, ctx.recipient_zone_recorded)})", None, None,
                        _schedule(data, f"at least {config.min_gap_hours:g} h after the interview ends."),
                        severity="error")
        return
    if data.kind == "rejection_reply" and ctx.rejection_at is not None:
        yield from _rejection_reply(data, send)
    local = _local(send, ctx.recipient_timezone)
    # the recipient's business days, as the planner counts them: their country's weekend
    # (Friday-Saturday in Israel, Saturday only in Nepal) and public holidays; a weekend day
    # worked to make up for a day off (China's make-up Saturdays) is a business day
    country = (ctx.recipient_country or "").upper()
    days = calendar(country)
    if days.is_weekend(local.date()):
        yield data.find("timing", f"scheduled on a {local:%A}{_weekend(days)} "
                        f"({_theirs(local, ctx.recipient_timezone, ctx.recipient_zone_recorded)[4:]})",
                        None, None, _after_day_off(data, local, days))
    elif country:
        name = days.holiday_name(local.date())
        if name:
            yield data.find("timing", f"scheduled on a public holiday in "
                            f"{country}: {name} ({local:%Y-%m-%d})", None,
                            None, _after_day_off(data, local, days))
    minute = local.hour * 60 + local.minute
    if minute < config.waking_from * 60 or minute > config.waking_until * 60:
        yield data.find("timing", f"arrives outside the recipient's waking hours ({_hour(config.waking_from)}-"
                        f"{_hour(config.waking_until)}): {_theirs(local, ctx.recipient_timezone, ctx.recipient_zone_recorded)}", None, None,
                        _schedule(data, f"their morning (from {_hour(config.waking_from)} their time).", "in "))
    yield from _too_soon(data, send, days)
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
            # in the slot the plan set for it (a Friday's note on Monday morning): on time, before
            # it goes and after (the plan as it stood while it waited to go: reviewer.context)
            return
        after = ""
        if due is not None:
            after = f", and past its planned due moment, {_theirs(_local(due, ctx.recipient_timezone), ctx.recipient_timezone, ctx.recipient_zone_recorded)}"
        # a note that went is past advice: it is not to be sent again
        fix = ("It went out already: nothing to change now." if ctx.sent_already
               else "Send it anyway, as soon as possible, without 'yesterday'.")
        yield data.find("timing", f"a thank-you {_late_by(gap)} after the interview is late "
                        f"(over {config.thank_you_late_hours:g} h{after})", None, None, fix)


def _schedule(data: Input, when: str, on: str = "") -> str:
    """'Schedule it for WHEN', or for a note sent on LinkedIn, which cannot be scheduled, 'Send it
    by hand ON WHEN'."""
    if on_linkedin(data.context.channel, data.kind):
        return f"Send it by hand {on}{when}"
    return f"Schedule it for {when}"


def _after_day_off(data: Input, local: datetime, days) -> str:
    """What to do about a note set for the recipient's day off: schedule it for their next
    business morning; a note sent on LinkedIn, which has no way to schedule one, is sent by hand
    then, from the hour their waking day begins."""
    if not on_linkedin(data.context.channel, data.kind):
        return "Schedule it for the next business morning."
    nxt = days.next_business_day(local.date(), include=False)
    return (f"A LinkedIn note cannot be scheduled: send it by hand on their next business day, "
            f"{nxt:%a %Y-%m-%d}, from {_hour(data.config.waking_from)} their time.")


_DAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


def _weekend(days) -> str:
    """Nothing where the weekend is Saturday-Sunday; else which days it is there, as the user may
    not know it: ', the weekend in IL (Friday-Saturday)', ', the weekend in NP (Saturday)'."""
    if days.weekend == frozenset({5, 6}):
        return ""
    order = _week_order(days.weekend)
    together = all((b - a) % 7 == 1 for a, b in zip(order, order[1:]))
    named = ("-" if together else " and ").join(_DAY_NAMES[d] for d in order)
    return f", the weekend in {days.country} ({named})"  # Brunei: (Friday and Sunday)


def _week_order(weekend: frozenset[int]) -> list[int]:
    """The weekend's days in the order they come (Friday, Saturday; Saturday, Sunday)."""
    first = next((d for d in sorted(weekend) if (d - 1) % 7 not in weekend), min(weekend))
    return [(first + n) % 7 for n in range(7) if (first + n) % 7 in weekend]


DEFAULT_REJECTION_WAIT = timedelta(hours=2)  # the default playbook's rejection_reply.not_before
# the default playbook's spacing (business days, exempt kinds) and follow-up waits
DEFAULT_SPACING = (3, frozenset({"thank_you", "rejection_reply", "linkedin_note", "withdrawal"}))
_KIND_WORDS = {"thank_you": "thank-you", "status_check": "status follow-up", "closing_the_loop": "closing note",
               "rejection_reply": "rejection reply", "feedback_request": "feedback request",
               "keep_warm": "keep-in-touch note", "share_news": "news", "linkedin_note": "LinkedIn note",
               "card": "card", "withdrawal": "withdrawal"}


def _asked(value):
    return value() if callable(value) else value


def _too_soon(data: Input, send: datetime, days):
    """A moment within the playbook's spacing after the last message to this person that went out
    (sent, or marked done), and a status follow-up (or closing the loop) before the playbook's wait
    after the previous status follow-up: in business days of the recipient's calendar, as the
    planner counts them. A warning: the user may know better (they replied, asked for it)."""
    ctx = data.context
    before = [(m, k) for m, k in ctx.sent_to_person if m <= send]
    checks = [m for m in ctx.status_checks_out if m <= send]
    if not before and not checks:
        return
    zone_name = ctx.recipient_timezone
    day = _local(send, zone_name).date()
    if checks and data.kind in ("status_check", "closing_the_loop"):
        wait = _asked(ctx.follow_up_wait)
        if wait is None:
            wait = 7 if data.kind == "status_check" else 10
        last = _local(checks[-1], zone_name)
        earliest = days.add(last.date(), wait)
        if day < earliest:
            after = days.between(last.date(), day)
            what = "a second status follow-up" if data.kind == "status_check" else "closing the loop"
            setting = "second_status_check.after_first" if data.kind == "status_check" else "close_the_loop.after_second"
            yield data.find("timing", f"{what} {_after_days(after)} the previous status follow-up "
                            f"({last:%a %Y-%m-%d}); the playbook waits {_business_days(wait)} ({setting})",
                            None, None, _schedule(data, f"{earliest:%a %Y-%m-%d} or later, their time.", "on "))
            return  # the same message, the same fix: not said twice
    gap, exempt = _asked(ctx.spacing) or DEFAULT_SPACING
    if not before or data.kind in exempt:
        return
    moment, kind = before[-1]
    last = _local(moment, zone_name)
    earliest = days.add(last.date(), gap)
    if day < earliest:
        after = days.between(last.date(), day)
        name = ctx.recipient_name or "this person"
        yield data.find("timing", f"{_after_days(after)} your last message to {name} (the "
                        f"{_KIND_WORDS.get(kind, kind.replace('_', ' '))}, {last:%a %Y-%m-%d}); the playbook keeps "
                        f"{_business_days(gap)} between messages to one person (spacing.business_days)",
                        None, None, _schedule(data, f"{earliest:%a %Y-%m-%d} or later, their time.", "on "))


def _after_days(count: int) -> str:
    """'2 business days after', or 'on the same business day as' (a weekend day counts as the
    business day before it)."""
    return f"{_business_days(count)} after" if count > 0 else "on the same business day as"


def _business_days(count: int) -> str:
    return f"{count} business day{'' if count == 1 else 's'}"


def _rejection_reply(data: Input, send: datetime):
    """A rejection reply sent before the playbook's wait after the rejection has passed."""
    ctx = data.context
    arrived = ctx.rejection_at
    wait = _asked(ctx.rejection_wait)
    wait = DEFAULT_REJECTION_WAIT if wait is None else wait
    zone_name = ctx.recipient_timezone
    earliest = _after(arrived, wait, zone_name)
    if send >= earliest:
        return
    gap = send - arrived
    when = f"{_span(gap)} after" if gap >= timedelta(0) else f"{_span(-gap)} before"
    yield data.find("timing", f"a rejection reply set to go out {when} the rejection arrived (wait at "
                    f"least {_span(wait)}: a reply at once reads as a reflex, not as considered)",
                    None, None, _schedule(data, f"{_theirs(_local(earliest, zone_name), zone_name, data.context.recipient_zone_recorded)} or later.", "on "))


def _after(moment: datetime, wait: timedelta, zone_name: str) -> datetime:
    """`moment` + `wait` as the planner adds it (whole days of a playbook duration as calendar
    days in the recipient's zone, hours as elapsed time)."""
    if not getattr(wait, "calendar_days", 0):
        return moment + wait
    from datetime import timezone

    from afterview.domain.days import plus

    local = _local(moment, zone_name)
    return plus(local, wait, local.tzinfo or timezone.utc)


def _late_by(gap: timedelta) -> str:
    """How long after the interview a late thank-you goes: in hours up to two days ("40 h"),
    then in days ("39 days", never "930 h")."""
    hours = gap.total_seconds() / 3600
    if hours <= 48:
        return f"{hours:.0f} h"
    days = round(hours / 24)
    return f"{days} days"


def _span(delta: timedelta) -> str:
    """under a minute, 5 minutes, 2 h, 1 h 35 min, 3 days."""
    minutes = int(delta.total_seconds() // 60)
    if minutes < 1:
        return "under a minute"
    if minutes < 60:
        return f"{minutes} minute{'' if minutes == 1 else 's'}"
    if minutes % (24 * 60) == 0:
        days = minutes // (24 * 60)
        return f"{days} day{'' if days == 1 else 's'}"
    hours, rest = divmod(minutes, 60)
    return f"{hours} h" + (f" {rest} min" if rest else "")


register(("timing",), check_timing)
