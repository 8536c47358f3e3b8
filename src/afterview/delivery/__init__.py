"""Delivery: building emails, SMTP and IMAP, the outbox, and reading replies.

Modules (imported where used, so the CLI starts fast):
    compose_email  the EmailMessage of an outgoing Message; mailto: links
    accounts       `[accounts.NAME]`, provider presets, password sources
    smtp, imap     the two adapters, with one-line errors
    outbox         the claim and the conditional state changes of a send
    bounces, autoreply, replies, matching, inbound   classifying incoming mail (pure)
    reading        from INBOX messages to recorded facts
See docs/delivery.md.
"""
